import type { Metadata } from "next";
import Link from "next/link";
import { EvidenceCharts } from "@/components/charts/evidence-charts";
import { PageHeader } from "@/components/page-header";
import { ReportFilterForm } from "@/components/report-filter-form";
import { getChartData } from "@/lib/audit/reports/chart-data";
import { filterToParams, parseReportFilter } from "@/lib/audit/reports/report-filter";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listTeams } from "@/lib/raci/list-teams";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Evidence overview" };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const filter = parseReportFilter(await searchParams);
  const [resources, teams, data] = await Promise.all([listResourceNames(actor, deps), listTeams(actor, deps), getChartData(actor, filter, deps)]);
  return (
    <>
      <PageHeader
        title="Evidence overview"
        description={
          <>
            The record at a glance (the last eight weeks unless you choose a period). <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      <ReportFilterForm values={filterToParams(filter)} resources={resources} teams={teams} />
      <EvidenceCharts data={data} />
    </>
  );
}
