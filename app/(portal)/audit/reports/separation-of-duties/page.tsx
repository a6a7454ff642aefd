import type { Metadata } from "next";
import Link from "next/link";
import { ExportLinks } from "@/components/export-links";
import { PageHeader } from "@/components/page-header";
import { ReportFilterForm } from "@/components/report-filter-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { filterToParams, parseReportFilter } from "@/lib/audit/reports/report-filter";
import { proveSeparationOfDuties } from "@/lib/audit/reports/separation-of-duties";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listTeams } from "@/lib/raci/list-teams";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Separation of duties" };

// The checks that must be zero; the others give the scale they were measured on.
const MUST_BE_ZERO = new Set(["self-decided", "self-extended", "dual-short"]);

export default async function SeparationOfDutiesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const filter = parseReportFilter(await searchParams);
  const [resources, teams, results] = await Promise.all([listResourceNames(actor, deps), listTeams(actor, deps), proveSeparationOfDuties(actor, filter, deps)]);
  const applied = filterToParams(filter);
  return (
    <>
      <PageHeader
        title="Separation of duties"
        description={
          <>
            Nobody decides their own request, and dual approval always means two different people. Each figure comes from the query shown beside it, run
            just now against the record. <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      <Card
        title="Decisions"
        description="The period is when each decision was taken (UTC days); the requester is who asked. The export lists every decision in the filter with who asked and who decided, and opens with these counts."
        actions={<ExportLinks report="separation-of-duties" filter={applied} />}
      >
        <ReportFilterForm values={applied} resources={resources} teams={teams} />
      </Card>
      {results.map((result) => (
        <Card key={result.id} title={result.title}>
          <div className="flex flex-wrap items-start gap-6">
            <div className="min-w-32">
              <p className="text-3xl font-semibold tabular-nums text-slate-900" aria-label={`${result.title}: ${result.count}`}>
                {result.count}
              </p>
              {MUST_BE_ZERO.has(result.id) &&
                (result.count === 0 ? <Badge tone="success">holds</Badge> : <Badge tone="danger">violated</Badge>)}
            </div>
            <div className="min-w-0 flex-1">
              <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{result.query}</pre>
              {result.params.length > 0 && (
                <p className="mt-1 break-all font-mono text-xs text-slate-600">
                  {result.params.map((value, i) => `$${i + 1} = ${JSON.stringify(value)}`).join(", ")}
                </p>
              )}
            </div>
          </div>
        </Card>
      ))}
    </>
  );
}
