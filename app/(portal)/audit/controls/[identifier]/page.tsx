import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditDetails } from "@/components/audit-details";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { describeAction } from "@/lib/audit/actions";
import { listAuditEvents } from "@/lib/audit/list-events";
import { requirePageAccess } from "@/lib/auth/require-page";
import { getControl } from "@/lib/controls/list-controls";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Control" };

export default async function ControlPage({ params, searchParams }: { params: Promise<{ identifier: string }>; searchParams: Promise<{ before?: string }> }) {
  const actor = await requirePageAccess("controls.read");
  const deps = await appDeps();
  const { identifier } = await params;
  const control = await getControl(actor, decodeURIComponent(identifier), deps);
  if (!control) notFound();
  const before = Number.parseInt((await searchParams).before ?? "", 10);
  const page = await listAuditEvents(actor, { actions: control.actions, before: Number.isFinite(before) ? before : null, limit: 50 }, deps);

  return (
    <>
      <PageHeader
        title={`${control.identifier}: ${control.title}`}
        description={
          <>
            {control.framework}. <Link href="/audit/controls" className="text-indigo-700 underline">All controls</Link>
          </>
        }
      />
      <Card title="What Lapse does for it">
        <p className="text-sm text-slate-800">{control.lapseDoes}</p>
        <div className="mt-3 flex flex-wrap gap-1">
          {control.actions.map((action) => (
            <Badge key={action}>{describeAction(action)}</Badge>
          ))}
        </div>
      </Card>
      <Card title="Evidence" description={`${control.evidenceCount} events, newest first.`}>
        {page.events.length === 0 ? (
          <EmptyState>No evidence recorded yet.</EmptyState>
        ) : (
          <Table caption={`Evidence for ${control.identifier}`}>
            <thead>
              <tr>
                <Th>#</Th>
                <Th>Time</Th>
                <Th>Actor</Th>
                <Th>Event</Th>
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
                  <Td>{event.actorLabel}</Td>
                  <Td>
                    {event.grantId ? (
                      <Link href={`/audit/grants/${event.grantId}`} className="font-medium text-indigo-700 underline">
                        {event.actionLabel}
                      </Link>
                    ) : event.requestId ? (
                      <Link href={`/audit/requests/${event.requestId}`} className="font-medium text-indigo-700 underline">
                        {event.actionLabel}
                      </Link>
                    ) : (
                      <span className="font-medium">{event.actionLabel}</span>
                    )}
                    {event.resourceName && <span className="block text-xs text-slate-500">{event.resourceName}</span>}
                  </Td>
                  <Td className="min-w-[20rem]">
                    <AuditDetails details={event.details} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {page.nextBefore && (
          <nav aria-label="Evidence pages" className="mt-4 flex justify-end text-sm">
            <Link href={`/audit/controls/${encodeURIComponent(control.identifier)}?before=${page.nextBefore}`} className="text-indigo-700 underline">
              Older evidence →
            </Link>
          </nav>
        )}
      </Card>
    </>
  );
}
