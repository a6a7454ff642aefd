"use client";
// Extensions waiting for this approver, refreshed by itself like the request queue. Each one
// shows what approving would do to the grant (its expiry before and after, its total against
// the policy's maximum) and takes a decision with a comment.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { StepUpLink } from "@/components/step-up-link";
import { EmptyState } from "@/components/ui/table";
import type { Decision } from "@/db/enums";
import type { ActionState } from "@/lib/action-state-types";
import type { ExtensionQueueItemView } from "@/lib/extensions/list-extension-queue";
import { addMinutes, formatMinutes } from "@/lib/lifecycle/duration";
import { decideExtensionAction } from "./actions";
import { DecisionControls } from "./decision-controls";

const EXTENSION_QUEUE_KEY = ["extension-queue"] as const;

async function fetchExtensionQueue(): Promise<ExtensionQueueItemView[]> {
  const response = await fetch("/api/ui/extension-queue", { cache: "no-store" });
  if (!response.ok) throw new Error(`extension-queue: ${response.status}`);
  return response.json();
}

export function ExtensionQueue({ initial }: { initial: ExtensionQueueItemView[] }) {
  const { data, isError } = useQuery({
    queryKey: EXTENSION_QUEUE_KEY,
    queryFn: fetchExtensionQueue,
    initialData: initial,
    refetchInterval: 5_000,
  });
  const [last, setLast] = useState<ActionState | null>(null);
  return (
    <section aria-labelledby="extensions-heading" className="space-y-4">
      <div>
        <h2 id="extensions-heading" className="text-lg font-semibold text-slate-900">
          Extensions
        </h2>
        <p className="mt-0.5 text-sm text-slate-500">
          Holders asking for more time on access they hold. Approving moves the grant&apos;s expiry; one deny ends the extension.
        </p>
      </div>
      <div aria-live="polite">
        {last && (
          <Notice tone={last.status === "ok" ? "success" : "error"} label="Extension decision result">
            {last.message}
            {last.status === "step_up_required" && <StepUpLink />}
          </Notice>
        )}
      </div>
      {isError && (
        <Notice tone="error" label="Extension refresh error">
          Could not refresh the extensions. It will try again shortly.
        </Notice>
      )}
      {data.length === 0 ? (
        <EmptyState>No extensions are waiting for you.</EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="Extensions waiting for you">
          {data.map((item) => (
            <ExtensionItem key={item.id} item={item} onDecided={setLast} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExtensionItem({ item, onDecided }: { item: ExtensionQueueItemView; onDecided: (state: ActionState) => void }) {
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const headingId = `extension-${item.id}`;
  const newExpiry = addMinutes(new Date(item.expiresAt), item.minutes).toISOString();

  const decide = (decision: Decision, comment: string) =>
    startTransition(async () => {
      const result = await decideExtensionAction(item.id, decision, comment);
      onDecided(result);
      await queryClient.invalidateQueries({ queryKey: EXTENSION_QUEUE_KEY });
    });

  return (
    <li aria-labelledby={headingId} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          {item.holderName} asks for <span className="text-indigo-700">{formatMinutes(item.minutes)} more</span> of {item.accessLevel} on{" "}
          {item.resourceName}
        </h3>
        <div className="flex gap-2">
          <Badge tone="warning">extension</Badge>
          {item.approvalsRequired > 1 && (
            <Badge tone="info">
              {item.approvedBy.length} of {item.approvalsRequired} approvals
            </Badge>
          )}
        </div>
      </div>
      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500">Holder</dt>
          <dd className="text-slate-900">{item.holderEmail}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Expires now</dt>
          <dd className="text-slate-900">
            <LocalTime iso={item.expiresAt} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">If approved</dt>
          <dd className="text-slate-900">
            <LocalTime iso={newExpiry} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Total length</dt>
          <dd className="text-slate-900">
            {formatMinutes(item.totalMinutes)} → {formatMinutes(item.totalMinutes + item.minutes)}
            {item.maxTotalMinutes !== null && <span className="text-slate-500"> (max {formatMinutes(item.maxTotalMinutes)})</span>}
          </dd>
        </div>
        <div className="sm:col-span-3">
          <dt className="text-slate-500">Justification</dt>
          <dd className="whitespace-pre-wrap text-slate-900">{item.justification || "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Asked</dt>
          <dd className="text-slate-900">
            <LocalTime iso={item.createdAt} />
          </dd>
        </div>
        {item.approvedBy.length > 0 && (
          <div className="sm:col-span-4">
            <dt className="text-slate-500">Approved so far by</dt>
            <dd className="text-slate-900">{item.approvedBy.join(", ")}</dd>
          </div>
        )}
      </dl>
      <DecisionControls id={`extension-${item.id}`} pending={pending} onDecide={decide} what="extension" />
    </li>
  );
}
