"use client";
// On a live grant card: ask for more time (a new decision under the current policy), or
// follow and cancel the extension already waiting. The server checks every rule again.
import { useQueryClient } from "@tanstack/react-query";
import { startTransition, useActionState, useEffect, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { IDLE, type ActionState } from "@/lib/action-state-types";
import type { GrantExtensionView } from "@/lib/extensions/grant-extension-views";
import { formatMinutes } from "@/lib/lifecycle/duration";
import { cancelExtensionAction, requestExtensionAction } from "./actions";
import { MY_REQUESTS_KEY } from "./query-keys";

type Outcome = ActionState & { kind: "ask" | "cancel" };

export function GrantExtension({ grantId, resourceName, extension, initiallyOpen = false }: { grantId: string; resourceName: string; extension: GrantExtensionView; initiallyOpen?: boolean }) {
  // The outcome of the last action stays visible while the card changes underneath it (form →
  // pending extension), until someone decides the extension: then the card itself tells.
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const pendingId = extension.pending?.id ?? null;
  const previousPending = useRef(pendingId);
  useEffect(() => {
    if (previousPending.current && !pendingId) setOutcome((last) => (last?.kind === "cancel" ? last : null));
    previousPending.current = pendingId;
  }, [pendingId]);
  return (
    <div className="mt-2 space-y-2">
      <div aria-live="polite">
        {outcome && (
          <Notice tone={outcome.status === "ok" ? "success" : "error"} label={`Extension result for ${resourceName}`}>
            {outcome.message}
          </Notice>
        )}
      </div>
      {extension.pending ? (
        <PendingExtension pending={extension.pending} resourceName={resourceName} onOutcome={setOutcome} />
      ) : extension.canAsk ? (
        <ExtensionForm grantId={grantId} resourceName={resourceName} extension={extension} onOutcome={setOutcome} initiallyOpen={initiallyOpen} />
      ) : (
        extension.blockedReason && <p className="text-xs text-slate-500">More time: {extension.blockedReason}</p>
      )}
    </div>
  );
}

function PendingExtension({
  pending,
  resourceName,
  onOutcome,
}: {
  pending: NonNullable<GrantExtensionView["pending"]>;
  resourceName: string;
  onOutcome: (state: Outcome) => void;
}) {
  const queryClient = useQueryClient();
  const [busy, startCancel] = useTransition();
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 ring-1 ring-inset ring-sky-200">
      <p>
        <span className="font-medium">{formatMinutes(pending.minutes)} more asked for</span>, waiting for approval ({pending.approvedBy.length} of{" "}
        {pending.approvalsRequired} {pending.approvalsRequired === 1 ? "approval" : "approvals"}
        {pending.approvedBy.length > 0 && `; approved by ${pending.approvedBy.join(", ")}`}).
      </p>
      <Button
        variant="danger"
        size="sm"
        aria-label={`Cancel extension request for ${resourceName}`}
        disabled={busy}
        onClick={() =>
          startCancel(async () => {
            onOutcome({ ...(await cancelExtensionAction(pending.id)), kind: "cancel" });
            await queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
          })
        }
      >
        {busy ? "Cancelling…" : "Cancel extension"}
      </Button>
    </div>
  );
}

function ExtensionForm({
  grantId,
  resourceName,
  extension,
  onOutcome,
  initiallyOpen,
}: {
  grantId: string;
  resourceName: string;
  extension: GrantExtensionView;
  onOutcome: (state: Outcome) => void;
  initiallyOpen: boolean;
}) {
  const queryClient = useQueryClient();
  const [state, formAction, pending] = useActionState(requestExtensionAction, IDLE);
  const [open, setOpen] = useState(initiallyOpen);
  const [minutes, setMinutes] = useState("");
  const [justification, setJustification] = useState("");
  const minutesId = `extend-minutes-${grantId}`;
  const justificationId = `extend-justification-${grantId}`;
  // Keyboard users land in the form when it opens, and back on the button when it closes.
  const toggleId = `extend-open-${grantId}`;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !open) document.getElementById(toggleId)?.focus();
    wasOpen.current = open;
  }, [open, toggleId]);

  useEffect(() => {
    if (state.status === "idle") return;
    // Field problems are shown next to the fields; everything else (and success) above the form.
    if (state.status !== "invalid" || Object.keys(state.fieldErrors).length === 0) onOutcome({ ...state, kind: "ask" });
    if (state.status !== "ok") return;
    setOpen(false);
    setMinutes("");
    setJustification("");
    void queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
  }, [state, onOutcome, queryClient]);

  // As in the request form: sending from onSubmit keeps what was entered when the server refuses.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button id={toggleId} variant="secondary" size="sm" aria-expanded={false} onClick={() => setOpen(true)}>
          Ask for more time
          <span className="sr-only"> on {resourceName}</span>
        </Button>
        <p className="text-xs text-slate-500">
          {extension.extendedMinutes > 0 && `Extended by ${formatMinutes(extension.extendedMinutes)} so far. `}
          Up to {formatMinutes(extension.remainingMinutes)} more allowed.
        </p>
      </div>
    );
  }

  const errors = state.status === "invalid" ? state.fieldErrors : {};
  return (
    <form
      action={formAction}
      onSubmit={onSubmit}
      noValidate
      aria-label={`Ask for more time on ${resourceName}`}
      className="space-y-3 rounded-md bg-slate-50 p-3 ring-1 ring-inset ring-slate-200"
    >
      <input type="hidden" name="grantId" value={grantId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id={minutesId}
          label="Extra minutes"
          hint={`Up to ${formatMinutes(extension.remainingMinutes)} more: it lasts ${formatMinutes(extension.totalMinutes)} so far, policy allows ${formatMinutes(extension.maxTotalMinutes ?? extension.totalMinutes)} in total.`}
          errors={errors.minutes}
        >
          <input
            name="minutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={extension.remainingMinutes}
            step={1}
            value={minutes}
            autoFocus
            onChange={(e) => setMinutes(e.target.value)}
            className={controlClass}
            {...fieldAria(minutesId, { hint: true, errors: errors.minutes })}
          />
        </Field>
        <Field
          id={justificationId}
          label={extension.requireJustification ? "Why you need more time" : "Why you need more time (optional)"}
          errors={errors.justification}
        >
          <textarea
            name="justification"
            rows={2}
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
            className={controlClass}
            {...fieldAria(justificationId, { errors: errors.justification })}
          />
        </Field>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" size="sm" onClick={() => setOpen(false)} disabled={pending}>
          Close
        </Button>
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Sending…" : "Ask for extension"}
        </Button>
      </div>
    </form>
  );
}
