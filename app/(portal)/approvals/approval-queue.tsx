"use client";
// The approver's queue, refreshed by itself. Each request shows what an approver needs to
// decide (who, what, how long, why, which ticket) and takes a decision with a comment.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { StepUpLink } from "@/components/step-up-link";
import { EmptyState } from "@/components/ui/table";
import type { Decision } from "@/db/schema";
import type { ActionState } from "@/lib/action-state-types";
import { formatMinutes } from "@/lib/lifecycle/duration";
import type { QueueItemView } from "@/lib/requests/list-approval-queue";
import { decideRequestAction } from "./actions";
import { DecisionControls } from "./decision-controls";

const QUEUE_KEY = ["approval-queue"] as const;

async function fetchQueue(): Promise<QueueItemView[]> {
  const response = await fetch("/api/ui/approval-queue", { cache: "no-store" });
  if (!response.ok) throw new Error(`approval-queue: ${response.status}`);
  return response.json();
}

export function ApprovalQueue({ initial }: { initial: QueueItemView[] }) {
  const { data, isError } = useQuery({ queryKey: QUEUE_KEY, queryFn: fetchQueue, initialData: initial, refetchInterval: 5_000 });
  const [last, setLast] = useState<ActionState | null>(null);
  return (
    <div className="space-y-4">
      {last && (
        <Notice tone={last.status === "ok" ? "success" : "error"} label="Decision result">
          {last.message}
          {last.status === "step_up_required" && <StepUpLink />}
        </Notice>
      )}
      {isError && (
        <Notice tone="error" label="Refresh error">
          Could not refresh the queue. It will try again shortly.
        </Notice>
      )}
      {data.length === 0 ? (
        <EmptyState>No requests are waiting for you.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {data.map((item) => (
            <QueueItem key={item.id} item={item} onDecided={setLast} />
          ))}
        </ul>
      )}
    </div>
  );
}

function QueueItem({ item, onDecided }: { item: QueueItemView; onDecided: (state: ActionState) => void }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const headingId = `request-${item.id}`;

  const decide = (decision: Decision, comment: string) =>
    startTransition(async () => {
      const result = await decideRequestAction(item.id, decision, comment);
      onDecided(result);
      await queryClient.invalidateQueries({ queryKey: QUEUE_KEY });
    });

  return (
    <li aria-labelledby={headingId} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          {item.requesterName} asks for <span className="text-indigo-700">{item.accessLevel}</span> on {item.resourceName}
        </h2>
        {item.approvalsRequired > 1 && (
          <Badge tone="info">
            {item.approvedBy.length} of {item.approvalsRequired} approvals
          </Badge>
        )}
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">Requester</dt>
          <dd className="text-slate-900">{item.requesterEmail}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Duration</dt>
          <dd className="text-slate-900">{formatMinutes(item.durationMinutes)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Ticket</dt>
          <dd className="text-slate-900">{item.ticket ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Requested</dt>
          <dd className="text-slate-900">
            <LocalTime iso={item.createdAt} />
            <span className="block text-xs text-slate-500">
              decide by <LocalTime iso={item.decideBy} />
            </span>
          </dd>
        </div>
        <div className="sm:col-span-4">
          <dt className="text-slate-500">Justification</dt>
          <dd className="whitespace-pre-wrap text-slate-900">{item.justification || "—"}</dd>
        </div>
        {item.approvedBy.length > 0 && (
          <div className="sm:col-span-4">
            <dt className="text-slate-500">Approved so far by</dt>
            <dd className="text-slate-900">{item.approvedBy.join(", ")}</dd>
          </div>
        )}
      </dl>
      <DecisionControls id={item.id} pending={pending} onDecide={decide} />
    </li>
  );
}
