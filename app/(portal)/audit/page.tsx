import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import Link from "next/link";
import { AuditDetails } from "@/components/audit-details";
import { LocalTime } from "@/components/local-time";
import { Card } from "@/components/ui/card";
import { controlClass } from "@/components/ui/field";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { listAuditEvents } from "@/lib/audit/list-events";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string; action?: string }> }) {
  const actor = await requirePageAccess("audit.read");
  const params = await searchParams;
  const before = Number.parseInt(params.before ?? "", 10);
  const action = params.action && params.action in AUDIT_ACTIONS ? params.action : null;
  const page = await listAuditEvents(actor, { before: Number.isFinite(before) ? before : null, action }, await appDeps());
  const query = (next: number) => `/audit?${new URLSearchParams({ ...(action ? { action } : {}), before: String(next) })}`;

  return (
    <>
      <PageHeader title="Audit" description="Every event, newest first. Events are append-only and hash-chained." />
      <Card
        title="Events"
        actions={
          <form method="get" className="flex items-end gap-2">
            <div>
              <label htmlFor="action" className="block text-xs font-medium text-slate-600">
                Action
              </label>
              <select id="action" name="action" defaultValue={action ?? ""} className={controlClass}>
                <option value="">All actions</option>
                {Object.entries(AUDIT_ACTIONS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
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
                <Th>Resource</Th>
                <Th>Timeline</Th>
                <Th>Details</Th>
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
                  <Td className="font-medium text-slate-900">{event.actionLabel}</Td>
                  <Td>{event.resourceName ?? "—"}</Td>
                  <Td>
                    {event.requestId ? (
                      <Link
                        href={`/audit/requests/${event.requestId}`}
                        aria-label={`Timeline of the request in event ${event.seq}`}
                        className="text-indigo-700 underline"
                      >
                        Timeline
                      </Link>
                    ) : (
                      "—"
                    )}
                  </Td>
                  <Td className="max-w-sm">
                    <AuditDetails details={event.details} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
          {params.before ? (
            <Link href={action ? `/audit?action=${action}` : "/audit"} className="text-indigo-700 underline">
              Newest events
            </Link>
          ) : (
            <span />
          )}
          {page.nextBefore && (
            <Link href={query(page.nextBefore)} className="text-indigo-700 underline">
              Older events
            </Link>
          )}
        </nav>
      </Card>
    </>
  );
}
