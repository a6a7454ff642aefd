"use client";
// The admin forms' plumbing, as on the request form: submitted from onSubmit inside a
// transition so React does not reset what was entered when the server says no (without
// JavaScript the form still posts to the same server action), and an outcome banner that
// belongs to the last submission and goes once the person edits again.
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { Notice } from "@/components/ui/notice";
import { IDLE, type ActionState } from "@/lib/action-state-types";

export function useAdminForm<S extends ActionState>(action: (previous: S, form: FormData) => Promise<S>) {
  const [state, formAction, pending] = useActionState<S, FormData>(action, IDLE as Awaited<S>);
  const [showOutcome, setShowOutcome] = useState(false);
  useEffect(() => setShowOutcome(state.status !== "idle"), [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  return {
    state,
    formAction,
    pending,
    onSubmit,
    /** Field errors of the last submission (they stay until the next one). */
    errors: state.fieldErrors,
    outcome: showOutcome ? state : (IDLE as S),
    edited: () => setShowOutcome(false),
  };
}

export function FormOutcome({ state, label }: { state: ActionState; label: string }) {
  if (state.status === "idle") return null;
  return (
    <Notice tone={state.status === "ok" ? "success" : "error"} label={label}>
      {state.message}
    </Notice>
  );
}
