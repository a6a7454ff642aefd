import Link from "next/link";
import type { ReactNode } from "react";
import { AuditDetails } from "@/components/audit-details";
import { LocalTime } from "@/components/local-time";
import { Card } from "@/components/ui/card";
import type { TimelineView } from "@/lib/audit/get-timeline";
import { formatMinutes } from "@/lib/lifecycle/duration";

const when = (iso: string | null | undefined) => (iso ? <LocalTime iso={iso} seconds /> : "—");

export function Timeline({ timeline }: { timeline: TimelineView }) {
  const { request, grant } = timeline;
  const facts: [string, ReactNode][] = [
    ["Requester", timeline.requester],
    ["Resource", timeline.resourceName],
    ["Access level", request.accessLevel],
    ["Duration", formatMinutes(request.durationMinutes)],
    ["Request", request.status],
    ["Grant", grant ? `${grant.status} (${grant.connectorKind})` : "none"],
    ["Issued", when(grant?.issuedAt)],
    ["Expires", when(grant?.expiresAt)],
    ["Ended", when(grant?.endedAt)],
    ["Ticket", request.ticket ?? "—"],
    ["Justification", request.justification || "—"],
    ["Request ID", <code className="font-mono text-xs">{request.id}</code>],
    ["Grant ID", grant ? <code className="font-mono text-xs">{grant.id}</code> : "—"],
  ];
  return (
    <>
      <div>
        <Link href="/audit" className="text-sm text-indigo-700 underline">
          ← Audit
        </Link>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Lifecycle timeline</h1>
        <p className="mt-1 text-sm text-slate-500">
          {timeline.requester} · {request.accessLevel} on {timeline.resourceName}
        </p>
      </div>
      <Card title="Summary">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title="Timeline" description="From the request to the end of access, with who did what and when.">
        <ol className="space-y-5 border-l border-slate-200 pl-6" aria-label="Timeline events">
          {timeline.events.map((event) => (
            <li key={event.seq} className="relative">
              <span className="absolute -left-[1.95rem] top-1 h-3 w-3 rounded-full bg-indigo-500 ring-4 ring-white" aria-hidden />
              <p className="font-medium text-slate-900">{event.actionLabel}</p>
              <p className="text-sm text-slate-600">
                <LocalTime iso={event.occurredAt} seconds /> · by <span className="font-medium">{event.actorLabel}</span>
                {event.actorKind !== "user" && <span className="text-slate-500"> ({event.actorKind})</span>}
              </p>
              <div className="mt-1">
                <AuditDetails details={event.details} />
              </div>
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
