import type { Metadata } from "next";
import Link from "next/link";
import { AuditDetails } from "@/components/audit-details";
import { FilterSelect } from "@/components/filter-select";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { getChainHead } from "@/lib/audit/get-chain-head";
import { listAuditEvents } from "@/lib/audit/list-events";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listResourceNames } from "@/lib/resources/list-resource-names";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Audit" };

type Search = { before?: string; action?: string; resource?: string };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const actor = await requirePageAccess("audit.read");
  const deps = await appDeps();
  const params = await searchParams;
  const [resources, head] = await Promise.all([listResourceNames(actor, deps), getChainHead(actor, deps)]);
  const before = Number.parseInt(params.before ?? "", 10);
  const action = params.action && params.action in AUDIT_ACTIONS ? params.action : null;
  const resourceId = resources.some((r) => r.id === params.resource) ? params.resource! : null;
  const page = await listAuditEvents(actor, { before: Number.isFinite(before) ? before : null, action, resourceId }, deps);
  const filters = { ...(action ? { action } : {}), ...(resourceId ? { resource: resourceId } : {}) };
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
        <Link href="/audit/reports/grants" className="font-medium text-indigo-700 underline">Grants report</Link>
        <Link href="/audit/reports/revocation" className="font-medium text-indigo-700 underline">Revocation on schedule</Link>
        <Link href="/audit/integrity" className="font-medium text-indigo-700 underline">Integrity check</Link>
        <Link href="/raci" className="font-medium text-indigo-700 underline">RACI across the organisation</Link>
      </nav>
      <Card
        title="Events"
        actions={
          <form method="get" className="flex flex-wrap items-end gap-2">
            <FilterSelect
              name="action"
              label="Action"
              allLabel="All actions"
              value={action}
              options={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))}
            />
            <FilterSelect
              name="resource"
              label="Resource"
              allLabel="All resources"
              value={resourceId}
              options={resources.map((r) => ({ value: r.id, label: r.name }))}
            />
            <button type="submit" className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50">
              Filter
            </button>
          </form>
        }
      >
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
