"use client";
// The owner team's review of one break-glass grant: accept, or escalate with a comment.
import { useId, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import type { ActionState } from "@/lib/action-state-types";
import { reviewBreakGlassAction } from "../../actions";

export function BreakGlassReviewForm({ slug, grantId, holder }: { slug: string; grantId: string; holder: string }) {
  const id = useId();
  const [comment, setComment] = useState("");
  const [outcome, setOutcome] = useState<ActionState | null>(null);
  const [busy, startTransition] = useTransition();
  const act = (verdict: "accepted" | "escalated") => startTransition(async () => setOutcome(await reviewBreakGlassAction(slug, grantId, verdict, comment)));
  const error = outcome && outcome.status !== "ok" ? (outcome.fieldErrors.comment?.join(" ") ?? outcome.message) : null;

  return (
    <div className="space-y-2" role="group" aria-label={`Review break-glass by ${holder}`}>
      <div>
        <label htmlFor={`${id}-comment`} className="block text-xs font-medium text-slate-700">
          Review comment
        </label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          className={controlClass}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-error`}
        />
        <p id={`${id}-error`} aria-live="polite" className="text-xs text-red-700 empty:hidden">
          {error}
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="approve" size="sm" disabled={busy} onClick={() => act("accepted")}>
          Accept
        </Button>
        <Button variant="danger" size="sm" disabled={busy} onClick={() => act("escalated")}>
          Escalate
        </Button>
      </div>
    </div>
  );
}
