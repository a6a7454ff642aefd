"use client";
// The access request form. It follows the chosen resource's current policy (levels,
// duration bounds, ticket rule) so people see the limits before they submit; the server
// checks every one of them again.
import { useQueryClient } from "@tanstack/react-query";
import { startTransition, useActionState, useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { StepUpLink } from "@/components/step-up-link";
import { IDLE } from "@/lib/action-state-types";
import { formatMinutes } from "@/lib/lifecycle/duration";
import type { RequestableResourceView } from "@/lib/resources/list-requestable-resources";
import { createRequestAction } from "./actions";
import { MY_REQUESTS_KEY } from "./query-keys";

const RULE_TEXT = { auto: "approved automatically within policy", single: "needs one approval", dual: "needs two approvals" };

export function RequestForm({ resources }: { resources: RequestableResourceView[] }) {
  const [state, formAction, pending] = useActionState(createRequestAction, IDLE);
  // The outcome banner belongs to the last submission: it goes once the person edits again.
  const [showOutcome, setShowOutcome] = useState(false);
  const queryClient = useQueryClient();
  const [resourceId, setResourceId] = useState("");
  const resource = resources.find((r) => r.id === resourceId);
  const [accessLevel, setAccessLevel] = useState("");
  const [duration, setDuration] = useState("");
  const [justification, setJustification] = useState("");
  const [ticket, setTicket] = useState("");
  const [breakGlass, setBreakGlass] = useState(false);
  // Break-glass passes a governance gap (never a freeze); only it is open where the person may not request normally.
  const blocked = !!resource && (resource.blockedBy === "frozen" || (!breakGlass && (resource.blockedBy === "gap" || !resource.mayRequest)));

  function chooseResource(id: string) {
    setShowOutcome(false);
    setResourceId(id);
    const chosen = resources.find((r) => r.id === id);
    setAccessLevel(chosen?.accessLevels[0] ?? "");
    setDuration(chosen ? String(chosen.defaultDurationMinutes) : "");
    setBreakGlass(false);
  }

  useEffect(() => {
    setShowOutcome(state.status !== "idle");
    if (state.status !== "ok") return;
    // Sent: start over, so the form never looks ready to send the same request twice.
    setResourceId("");
    setAccessLevel("");
    setDuration("");
    setJustification("");
    setTicket("");
    setBreakGlass(false);
    void queryClient.invalidateQueries({ queryKey: MY_REQUESTS_KEY });
  }, [state, queryClient]);

  const edit = (set: (value: string) => void) => (value: string) => {
    setShowOutcome(false);
    set(value);
  };

  // Submitting through `action` alone makes React reset the form afterwards, which empties
  // the controlled selects on an error. Sending it from onSubmit keeps what was entered;
  // without JavaScript the form still posts to the same server action.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  const errors = state.fieldErrors;
  if (resources.length === 0) {
    return <p className="text-sm text-slate-600">No resource's policy lets you request access yet. Ask a resource's control owner.</p>;
  }

  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-4" noValidate>
      {showOutcome && state.status === "ok" && (
        <Notice tone="success" label="Request result">
          {state.message}
        </Notice>
      )}
      {showOutcome && state.status !== "ok" && state.status !== "idle" && (
        <Notice tone="error" label="Request error">
          {state.message}
          {state.status === "step_up_required" && <StepUpLink />}
        </Notice>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="resourceId"
          label="Resource"
          hint={resource ? `${resource.description} Policy: ${RULE_TEXT[resource.approvalRule]}.` : undefined}
          errors={errors.resourceId}
        >
          <select
            name="resourceId"
            value={resourceId}
            onChange={(e) => chooseResource(e.target.value)}
            className={controlClass}
            {...fieldAria("resourceId", { hint: !!resource, errors: errors.resourceId })}
          >
            <option value="">Choose a resource…</option>
            {resources.map((r) => (
              <option key={r.id} value={r.id}>
                {r.blockedBy === "frozen" ? `${r.name} (frozen)` : r.blockedBy === "gap" ? `${r.name} (blocked: governance gap)` : !r.mayRequest ? `${r.name} (break-glass only)` : r.name}
              </option>
            ))}
          </select>
        </Field>
        {resource?.blockedReason && !(breakGlass && resource.blockedBy === "gap") && (
          <div className="sm:col-span-2">
            <Notice tone="error" label="Resource blocked">
              {resource.blockedReason}
              {resource.blockedBy === "gap" && resource.breakGlassAllowed && " In an emergency you may break glass."}
            </Notice>
          </div>
        )}
        <Field id="accessLevel" label="Access level" errors={errors.accessLevel}>
          <select
            name="accessLevel"
            value={accessLevel}
            onChange={(e) => edit(setAccessLevel)(e.target.value)}
            disabled={!resource}
            className={controlClass}
            {...fieldAria("accessLevel", { errors: errors.accessLevel })}
          >
            {!resource && <option value="">Choose a resource first</option>}
            {resource?.accessLevels.map((level) => (
              <option key={level} value={level}>
                {level}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="durationMinutes"
          label="Duration (minutes)"
          hint={resource ? `From 1 minute to ${formatMinutes(resource.maxDurationMinutes)}. Counted from when access is issued.` : undefined}
          errors={errors.durationMinutes}
        >
          <input
            name="durationMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={resource?.maxDurationMinutes}
            step={1}
            value={duration}
            onChange={(e) => edit(setDuration)(e.target.value)}
            className={controlClass}
            {...fieldAria("durationMinutes", { hint: !!resource, errors: errors.durationMinutes })}
          />
        </Field>
        <Field
          id="ticket"
          label={resource?.ticketPattern ? "Ticket reference" : "Ticket reference (optional)"}
          hint={resource?.ticketPattern ? `Required: ${resource.ticketHint ?? `a reference matching ${resource.ticketPattern}`}.` : undefined}
          errors={errors.ticket}
        >
          <input
            name="ticket"
            type="text"
            value={ticket}
            onChange={(e) => edit(setTicket)(e.target.value)}
            className={controlClass}
            {...fieldAria("ticket", { hint: !!resource?.ticketPattern, errors: errors.ticket })}
          />
        </Field>
      </div>
      <Field
        id="justification"
        label={resource && !resource.requireJustification ? "Justification (optional)" : "Justification"}
        hint="What you will do with this access, and why now."
        errors={errors.justification}
      >
        <textarea
          name="justification"
          rows={3}
          value={justification}
          onChange={(e) => edit(setJustification)(e.target.value)}
          className={controlClass}
          {...fieldAria("justification", { hint: true, errors: errors.justification })}
        />
      </Field>
      {resource?.breakGlassAllowed && resource.blockedBy !== "frozen" && (
        <div className="rounded-md bg-red-50 p-3 ring-1 ring-inset ring-red-200">
          <label className="flex items-start gap-2 text-sm text-red-900">
            <input
              type="checkbox"
              name="breakGlass"
              checked={breakGlass}
              onChange={(e) => edit((v) => setBreakGlass(v === "on"))(e.target.checked ? "on" : "")}
              className="mt-0.5 size-4 rounded border-red-300 text-red-700"
              aria-describedby="breakGlass-hint breakGlass-error"
            />
            <span>
              <span className="font-medium">Break glass: take access now, without approval</span>
              <span id="breakGlass-hint" className="block text-xs">
                For emergencies only. It is flagged as an exception and the control owner team reviews it within{" "}
                {formatMinutes(resource.breakGlassReviewMinutes)}. It still ends on time.
              </span>
            </span>
          </label>
          <p id="breakGlass-error" aria-live="polite" className="text-sm text-red-700 empty:hidden">
            {errors.breakGlass?.join(" ")}
          </p>
        </div>
      )}
      <div className="flex justify-end">
        <Button type="submit" variant={breakGlass ? "danger" : "primary"} disabled={pending || blocked}>
          {pending ? "Sending…" : breakGlass ? "Break glass now" : "Request access"}
        </Button>
      </div>
    </form>
  );
}
