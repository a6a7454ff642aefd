"use client";
// A loosening change waiting for a second owner: who proposed it, what it changes, and the
// confirm / reject (or withdraw) buttons for those the server will let act on it.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { StepUpLink } from "@/components/step-up-link";
import type { ActionState } from "@/lib/action-state-types";
import { reviewPolicyAction } from "../../../actions";

export function PendingChangeActions({
  slug,
  policyId,
  mayConfirm,
  authoredByViewer,
}: {
  slug: string;
  policyId: string;
  mayConfirm: boolean;
  authoredByViewer: boolean;
}) {
  const [outcome, setOutcome] = useState<ActionState | null>(null);
  const [busy, startTransition] = useTransition();
  const act = (verdict: "confirm" | "reject") => startTransition(async () => setOutcome(await reviewPolicyAction(slug, policyId, verdict)));

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {mayConfirm && (
          <Button variant="approve" onClick={() => act("confirm")} disabled={busy}>
            Confirm change
          </Button>
        )}
        {(mayConfirm || authoredByViewer) && (
          <Button variant="danger" onClick={() => act("reject")} disabled={busy}>
            {authoredByViewer ? "Withdraw my change" : "Reject change"}
          </Button>
        )}
        {authoredByViewer && <p className="text-sm text-slate-600">You proposed this change, so another member of the owner team must confirm it.</p>}
        {!mayConfirm && !authoredByViewer && <p className="text-sm text-slate-600">Only a control owner in the owner team, other than its author, can confirm it.</p>}
      </div>
      {outcome && outcome.status !== "ok" && (
        <Notice tone="error" label="Review error">
          {outcome.message}
          {outcome.status === "step_up_required" && <StepUpLink />}
        </Notice>
      )}
    </div>
  );
}
