import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { ReportFilterForm } from "@/components/report-filter-form";
import { Card } from "@/components/ui/card";
import { REPORT_TITLES } from "@/lib/audit/reports/registry";
import { filterToParams, parseReportFilter } from "@/lib/audit/reports/report-filter";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listTeams } from "@/lib/raci/list-teams";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Evidence pack" };

export default async function EvidencePackPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const applied = filterToParams(parseReportFilter(await searchParams));
  const [resources, teams] = await Promise.all([listResourceNames(actor, deps), listTeams(actor, deps)]);
  const query = new URLSearchParams(applied).toString();
  return (
    <>
      <PageHeader
        title="Evidence pack"
        description={
          <>
            One zip for the period under review, to file with the audit. <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      <Card title="1. Choose what it covers" description="Usually a period: the quarter or year under review. Leave everything empty for all time.">
        <ReportFilterForm values={applied} resources={resources} teams={teams} />
      </Card>
      <Card title="2. Download" description="Built as it downloads; a large period takes a while but uses no more memory on the server.">
        <p className="mb-3 text-sm text-slate-700">
          Covers: {Object.keys(applied).length === 0 ? "all time, every resource" : Object.entries(applied).map(([key, value]) => `${key} ${value}`).join(", ")}
          {" "}(resources and teams by id; the names are in each report).
        </p>
        <a
          href={`/audit/evidence-pack/download${query ? `?${query}` : ""}`}
          className="inline-block rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Download evidence pack (.zip)
        </a>
        <h3 className="mt-5 text-sm font-semibold text-slate-900">What is inside</h3>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
          {Object.entries(REPORT_TITLES).map(([name, { title }]) => (
            <li key={name}>
              <code className="text-xs">reports/{name}.csv</code>: {title}
            </li>
          ))}
          <li><code className="text-xs">revocation-on-schedule.json</code>: lag percentiles and the revocations overdue now</li>
          <li><code className="text-xs">separation-of-duties.json</code>: each check with its query and count</li>
          <li><code className="text-xs">integrity.json</code>: the full chain verification at download time</li>
          <li><code className="text-xs">checkpoints.json</code>: the signed checkpoints, each checked</li>
          <li><code className="text-xs">manifest.json</code>: size and SHA-256 of every file, the filter and the chain head</li>
        </ul>
      </Card>
    </>
  );
}
