import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { ReportFilterForm } from "@/components/report-filter-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { listGrantReport } from "@/lib/audit/reports/grant-report";
import { filterToParams, parseReportFilter } from "@/lib/audit/reports/report-filter";
import { requirePageAccess } from "@/lib/auth/require-page";
import { formatLag } from "@/lib/lifecycle/duration";
import { listTeams } from "@/lib/raci/list-teams";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Grants report" };

type Search = Record<string, string | undefined>;

export default async function GrantReportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const params = await searchParams;
  const filter = parseReportFilter(params);
  const after = params.afterAt && params.afterId ? { createdAt: params.afterAt, grantId: params.afterId } : null;
  const [resources, teams, page] = await Promise.all([
    listResourceNames(actor, deps),
    listTeams(actor, deps),
    listGrantReport(actor, filter, { after: after && !Number.isNaN(Date.parse(after.createdAt)) && /^[0-9a-f-]{36}$/i.test(after.grantId) ? after : null, limit: 50 }, deps),
  ]);
  const applied = filterToParams(filter);
  const query = (extra: Record<string, string>) => new URLSearchParams({ ...applied, ...extra }).toString();

  return (
    <>
      <PageHeader
        title="Grants report"
        description={
          <>
            Every grant with its approvers, the policy version it was decided under, and how and when it ended.{" "}
            <Link href="/audit" className="text-indigo-700 underline">Audit log</Link> ·{" "}
            <Link href={`/audit/reports/revocation?${query({})}`} className="text-indigo-700 underline">Revocation on schedule</Link>
          </>
        }
      />
      <Card
        title="Grants"
        description="Newest first. Times in your zone; the period filter is by the day the grant was created (UTC)."
        actions={
          <div className="flex gap-2">
            <a href={`/audit/reports/grants/export?${query({ format: "csv" })}`} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export CSV
            </a>
            <a href={`/audit/reports/grants/export?${query({ format: "json" })}`} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export JSON
            </a>
          </div>
        }
      >
        <div className="mb-4">
          <ReportFilterForm values={applied} resources={resources} teams={teams} />
        </div>
        {page.rows.length === 0 ? (
          <EmptyState>No grants match this filter.</EmptyState>
        ) : (
          <Table caption="Grants report">
            <thead>
              <tr>
                <Th>Resource / holder</Th>
                <Th>Approved by</Th>
                <Th>Policy</Th>
                <Th>Issued</Th>
                <Th>Due to end</Th>
                <Th>Ended</Th>
                <Th>Lag</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.rows.map((row) => (
                <tr key={row.grantId}>
                  <Td>
                    <Link href={`/audit/grants/${row.grantId}`} className="font-medium text-indigo-700 underline">
                      {row.resource}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      {row.holder} · {row.accessLevel}
                    </span>
                  </Td>
                  <Td>
                    {row.breakGlass ? <Badge tone="danger">break-glass</Badge> : row.approvers}
                  </Td>
                  <Td>{row.policyVersion ? `v${row.policyVersion}` : "—"}</Td>
                  <Td>{row.issuedAt ? <LocalTime iso={row.issuedAt} /> : "—"}</Td>
                  <Td>{row.dueAt ? <LocalTime iso={row.dueAt} /> : "—"}</Td>
                  <Td>
                    {row.endedAt ? <LocalTime iso={row.endedAt} /> : "—"}
                    <span className="block text-xs text-slate-500">{row.howEnded}</span>
                  </Td>
                  <Td className="whitespace-nowrap tabular-nums">{row.lagMs === null ? "—" : formatLag(row.lagMs)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <nav aria-label="Report pages" className="mt-4 flex justify-between text-sm">
          {after ? <Link href={`/audit/reports/grants?${query({})}`} className="text-indigo-700 underline">Newest</Link> : <span />}
          {page.next && (
            <Link href={`/audit/reports/grants?${query({ afterAt: page.next.createdAt, afterId: page.next.grantId })}`} className="text-indigo-700 underline">
              Older grants →
            </Link>
          )}
        </nav>
      </Card>
    </>
  );
}
