import type { Metadata } from "next";
import Link from "next/link";
import { AuditDetails } from "@/components/audit-details";
import { ReportFilterForm } from "@/components/report-filter-form";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { getChainHead } from "@/lib/audit/get-chain-head";
import { listAuditEvents } from "@/lib/audit/list-events";
import { filterToParams, parseReportFilter } from "@/lib/audit/reports/report-filter";
import { listTeams } from "@/lib/raci/list-teams";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Audit" };

type Search = Record<string, string | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const params = await searchParams;
  const filter = parseReportFilter(params);
  const [resources, teams, head] = await Promise.all([listResourceNames(actor, deps), listTeams(actor, deps), getChainHead(actor, deps)]);
  const before = Number.parseInt(params.before ?? "", 10);
  const page = await listAuditEvents(actor, { before: Number.isFinite(before) ? before : null, filter }, deps);
  const filters = filterToParams(filter);
  const link = (extra: Record<string, string> = {}) => `/audit?${new URLSearchParams({ ...filters, ...extra })}`;

  return (
    <>
      <PageHeader
        title="Audit"
        description={
          head ? (
            <>
              Every event, newest first. The log is append-only and hash-chained: {head.seq} events, head{" "}
              <code className="font-mono text-xs" title={head.hash}>
                {head.hash.slice(0, 16)}…
              </code>
            </>
          ) : (
            "Every event, newest first. The log is append-only and hash-chained."
          )
        }
      />
      <nav aria-label="Evidence reports" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <Link href="/audit/overview" className="font-medium text-indigo-700 underline">Overview charts</Link>
        <Link href="/audit/reports/grants" className="font-medium text-indigo-700 underline">Grants report</Link>
        <Link href="/audit/reports/revocation" className="font-medium text-indigo-700 underline">Revocation on schedule</Link>
        <Link href="/audit/reports/extensions" className="font-medium text-indigo-700 underline">Extensions</Link>
        <Link href="/audit/reports/exceptions" className="font-medium text-indigo-700 underline">Exceptions</Link>
        <Link href="/audit/reports/drift" className="font-medium text-indigo-700 underline">Drift findings</Link>
        <Link href="/audit/reports/refusals" className="font-medium text-indigo-700 underline">Denied and timed out</Link>
        <Link href="/audit/reports/changes" className="font-medium text-indigo-700 underline">Policy and RACI changes</Link>
        <Link href="/audit/reports/separation-of-duties" className="font-medium text-indigo-700 underline">Separation of duties</Link>
        <Link href="/audit/controls" className="font-medium text-indigo-700 underline">Evidence by control</Link>
        <Link href="/audit/integrity" className="font-medium text-indigo-700 underline">Integrity check</Link>
        <Link href="/audit/evidence-pack" className="font-medium text-indigo-700 underline">Evidence pack</Link>
        <Link href="/raci" className="font-medium text-indigo-700 underline">RACI across the organisation</Link>
      </nav>
      <Card
        title="Events"
        actions={
          <div className="flex gap-2">
            <a href={`/audit/reports/events/export?${new URLSearchParams({ ...filters, format: "csv" })}`} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export CSV
            </a>
            <a href={`/audit/reports/events/export?${new URLSearchParams({ ...filters, format: "json" })}`} className="rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50">
              Export JSON
            </a>
          </div>
        }
      >
        <div className="mb-4">
          <ReportFilterForm
            values={filters}
            resources={resources}
            teams={teams}
            person="actor"
            actions={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))}
          />
        </div>
        {page.events.length === 0 ? (
          <EmptyState>No events match.</EmptyState>
        ) : (
          <Table caption="Audit events">
            <thead>
              <tr>
                <Th>#</Th>
                <Th>Time</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Details</Th>
                <Th>
                  <span className="sr-only">Timeline</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {page.events.map((event) => (
                <tr key={event.seq}>
                  <Td className="font-mono text-xs text-slate-500">{event.seq}</Td>
                  <Td>
                    <LocalTime iso={event.occurredAt} seconds />
                  </Td>
                  <Td>
                    <span className="text-slate-900">{event.actorLabel}</span>
                    {event.actorKind !== "user" && <span className="block text-xs text-slate-500">{event.actorKind}</span>}
                  </Td>
                  <Td>
                    <span className="block whitespace-nowrap font-medium text-slate-900">{event.actionLabel}</span>
                    {event.resourceName && <span className="block text-xs text-slate-500">{event.resourceName}</span>}
                  </Td>
                  <Td className="min-w-[24rem]">
                    <AuditDetails details={event.details} />
                  </Td>
                  <Td>
                    {event.requestId && (
                      <Link href={`/audit/requests/${event.requestId}`} aria-label={`Timeline of the request in event ${event.seq}`} className="text-indigo-700 underline">
                        Timeline
                      </Link>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {params.before ? (
            <Link href={link()} className="text-indigo-700 underline">
              ← Newest events
            </Link>
          ) : (
            <span />
          )}
          {page.nextBefore && (
            <Link href={link({ before: String(page.nextBefore) })} className="text-indigo-700 underline">
              Older events →
            </Link>
          )}
        </nav>
      </Card>
    </>
  );
}
