"use client";
// A consequential owner action that needs a reason (revoke, freeze): a button that opens a
// labelled reason field and a confirm button; errors appear next to the field.
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import type { ActionState } from "@/lib/action-state-types";

export function ReasonAction({
  label,
  confirmLabel,
  reasonLabel,
  run,
}: {
  label: string;
  confirmLabel: string;
  reasonLabel: string;
  run: (reason: string) => Promise<ActionState>;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [outcome, setOutcome] = useState<ActionState | null>(null);
  const [busy, startTransition] = useTransition();
  const error = outcome && outcome.status !== "ok" ? (outcome.fieldErrors.reason?.join(" ") ?? outcome.message) : null;

  if (!open) {
    return (
      <Button variant="danger" size="sm" onClick={() => setOpen(true)}>
        {label}
      </Button>
    );
  }
  return (
    <form
      className="flex flex-wrap items-start gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => setOutcome(await run(reason)));
      }}
    >
      <div className="min-w-56 flex-1">
        <label htmlFor={`${id}-reason`} className="sr-only">
          {reasonLabel}
        </label>
        <input
          id={`${id}-reason`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={reasonLabel}
          autoFocus
          className={controlClass}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error`}
        />
        <p id={`${id}-error`} aria-live="polite" className="text-xs text-red-700 empty:hidden">
          {error}
        </p>
      </div>
      <Button type="submit" variant="danger" size="sm" disabled={busy}>
        {busy ? "Working…" : confirmLabel}
      </Button>
      <Button variant="secondary" size="sm" onClick={() => setOpen(false)} disabled={busy}>
        Cancel
      </Button>
    </form>
  );
}
