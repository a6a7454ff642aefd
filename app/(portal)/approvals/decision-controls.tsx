"use client";
// The comment and the Deny / Approve buttons every item in an approver's queue ends with
// (requests and extensions alike).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/field";
import type { Decision } from "@/db/enums";

export function DecisionControls({
  id,
  pending,
  onDecide,
  what,
}: {
  /** Unique on the page: ties the comment's label to its field. */
  id: string;
  pending: boolean;
  onDecide: (decision: Decision, comment: string) => void;
  /** Said to screen readers after the button text ("Approve extension"), when the page has several kinds. */
  what?: string;
}) {
  const [comment, setComment] = useState("");
  const commentId = `comment-${id}`;
  const suffix = what ? <span className="sr-only"> {what}</span> : null;
  return (
    <form
      className="mt-4 flex flex-wrap items-end gap-3"
      // Enter in the comment field must not decide anything: each decision is an explicit click.
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="min-w-64 flex-1">
        <label htmlFor={commentId} className="block text-sm font-medium text-slate-800">
          Comment
        </label>
        <input
          id={commentId}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={1000}
          placeholder="Optional; recorded with your decision"
          className={controlClass}
        />
      </div>
      <Button type="button" variant="danger" disabled={pending} onClick={() => onDecide("deny", comment)}>
        Deny{suffix}
      </Button>
      <Button type="button" variant="approve" disabled={pending} onClick={() => onDecide("approve", comment)}>
        Approve{suffix}
      </Button>
    </form>
  );
}
