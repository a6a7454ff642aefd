import type { Metadata } from "next";
import Link from "next/link";
import { ExportLinks } from "@/components/export-links";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { ReportFilterForm } from "@/components/report-filter-form";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { filterToParams, parseReportFilter } from "@/lib/audit/reports/report-filter";
import { getRevocationReport, ON_TIME_MS } from "@/lib/audit/reports/revocation-report";
import { requirePageAccess } from "@/lib/auth/require-page";
import { formatLag } from "@/lib/lifecycle/duration";
import { listTeams } from "@/lib/raci/list-teams";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Revocation on schedule" };

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-inset ring-slate-200">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}

export default async function RevocationReportPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const filter = parseReportFilter(await searchParams);
  const [resources, teams, report] = await Promise.all([listResourceNames(actor, deps), listTeams(actor, deps), getRevocationReport(actor, filter, deps)]);
  const applied = filterToParams(filter);
  const { summary, overdue } = report;
  const lag = (ms: number | null) => (ms === null ? "—" : formatLag(ms));
  const onTimeShare = summary.ended ? `${Math.floor((summary.onTime / summary.ended) * 1000) / 10}%` : "—";

  return (
    <>
      <PageHeader
        title="Revocation on schedule"
        description={
          <>
            When access had to end (its expiry, or the moment someone ended it) against when the target confirmed it was gone.{" "}
            <Link href={`/audit/reports/grants?${new URLSearchParams(applied)}`} className="text-indigo-700 underline">Grants report</Link>
          </>
        }
      />
      <Card
        title="Revocation lag"
        description={`Ended grants in the filter. On schedule means confirmed within ${formatLag(ON_TIME_MS)} of the due time. The export holds every grant that had to end, ended or overdue, with its lag.`}
        actions={<ExportLinks report="revocation" filter={applied} />}
      >
        <div className="mb-4">
          <ReportFilterForm values={applied} resources={resources} teams={teams} />
        </div>
        <dl className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label="Ended" value={String(summary.ended)} />
          <Figure label="On schedule" value={onTimeShare} hint={`${summary.onTime} of ${summary.ended}`} />
          <Figure label="Lag p50" value={lag(summary.lagMs.p50)} />
          <Figure label="Lag p95" value={lag(summary.lagMs.p95)} />
          <Figure label="Lag p99" value={lag(summary.lagMs.p99)} />
          <Figure label="Lag max" value={lag(summary.lagMs.max)} />
        </dl>
      </Card>
      <Card title="Overdue now (drift)" description="Grants whose access has ended by the clock but whose revocation the target has not confirmed yet; Lapse keeps retrying.">
        {overdue.length === 0 ? (
          <EmptyState>Nothing is overdue: every revocation due so far is confirmed.</EmptyState>
        ) : (
          <Table caption="Overdue revocations">
            <thead>
              <tr>
                <Th>Resource / holder</Th>
                <Th>Due</Th>
                <Th>Overdue by</Th>
                <Th className="text-right">Attempts</Th>
                <Th>Last error</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {overdue.map((g) => (
                <tr key={g.grantId}>
                  <Td>
                    <Link href={`/audit/grants/${g.grantId}`} className="font-medium text-indigo-700 underline">
                      {g.resource}
                    </Link>
                    <span className="block text-xs text-slate-500">{g.holder}</span>
                  </Td>
                  <Td>
                    <LocalTime iso={g.dueAt} />
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">{formatLag(g.overdueMs)}</Td>
                  <Td className="text-right tabular-nums">{g.attempts}</Td>
                  <Td className="max-w-xs text-xs">{g.lastError ?? "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
