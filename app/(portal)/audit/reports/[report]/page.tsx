import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditDetailsCell } from "@/components/audit-details-cell";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { ReportFilterForm } from "@/components/report-filter-form";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import type { Cell } from "@/lib/audit/reports/export-report";
import { readReportPage } from "@/lib/audit/reports/read-report-page";
import { REPORT_TITLES, REPORTS } from "@/lib/audit/reports/registry";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { filterToParams, parseReportFilter, scopeFilter } from "@/lib/audit/reports/report-filter";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listTeams } from "@/lib/raci/list-teams";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Evidence report" };

/** "reviewDueAt" → "Review due at". */
const label = (key: string) => key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase()).replace(/ ([A-Z])/g, (_, c: string) => ` ${c.toLowerCase()}`);

function CellView({ column, value, names }: { column: string; value: Cell; names: ReadonlyMap<string, string> }) {
  if (value === null || value === "") return <span className="text-slate-400">—</span>;
  if (typeof value === "boolean") return <>{value ? "yes" : "no"}</>;
  if (typeof value === "string" && column.endsWith("At") && !Number.isNaN(Date.parse(value))) return <LocalTime iso={value} />;
  if (column === "details" || column === "evidence") return <AuditDetailsCell json={String(value)} names={names} />;
  return <>{String(value)}</>;
}

export default async function ReportPage({ params, searchParams }: { params: Promise<{ report: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePageAccess("audit.read");
  const { report: name } = await params;
  const report = Object.hasOwn(REPORTS, name) ? REPORTS[name] : undefined;
  if (!report) notFound();
  const deps = await appDeps();
  const query = await searchParams;
  const filter = parseReportFilter(query);
  const [resources, teams, page] = await Promise.all([
    listResourceNames(actor, deps),
    listTeams(actor, deps),
    readReportPage(actor, report, filter, query.after ?? null, 50, deps),
  ]);
  // Only what this report applies: a filter it ignores is neither shown nor carried into its export.
  const applied = filterToParams(scopeFilter(filter, report.person));
  const link = (extra: Record<string, string>) => new URLSearchParams({ ...applied, ...extra }).toString();
  const { title, description } = REPORT_TITLES[name];
  // Policy changes name teams by id: shown by name.
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));

  return (
    <>
      <PageHeader
        title={title}
        description={
          <>
            {description} <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      <Card
        title="Records"
        description="Newest first. Times in your zone; the period filter uses UTC days."
        actions={
          <div className="flex gap-2">
            <a href={`/audit/reports/${name}/export?${link({ format: "csv" })}`} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export CSV
            </a>
            <a href={`/audit/reports/${name}/export?${link({ format: "json" })}`} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export JSON
            </a>
          </div>
        }
      >
        <div className="mb-4">
          <ReportFilterForm
            values={applied}
            resources={resources}
            teams={teams}
            person={report.person}
            actions={report.person === "actor" ? Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label })) : undefined}
          />
        </div>
        {page.rows.length === 0 ? (
          <EmptyState>{Object.keys(applied).length ? "No rows match this filter." : "Nothing recorded yet."}</EmptyState>
        ) : (
          <Table caption={title}>
            <thead>
              <tr>
                {report.columns.map((column) => (
                  <Th key={column}>{label(column)}</Th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((row, i) => (
                <tr key={i}>
                  {report.columns.map((column) => (
                    <Td key={column} className="text-xs">
                      <CellView column={column} value={row[column]} names={teamNames} />
                    </Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <nav aria-label="Report pages" className="mt-4 flex justify-between text-sm">
          {query.after ? <Link href={`/audit/reports/${name}?${link({})}`} className="text-indigo-700 underline">Newest</Link> : <span />}
          {page.next && (
            <Link href={`/audit/reports/${name}?${link({ after: page.next })}`} className="text-indigo-700 underline">
              Older →
            </Link>
          )}
        </nav>
      </Card>
    </>
  );
}
