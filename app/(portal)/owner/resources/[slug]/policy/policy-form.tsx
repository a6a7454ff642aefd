"use client";
// The policy editor. It edits the version in force; saving makes a new version. The server
// decides whether the change tightens (applies now) or loosens (waits for a second owner)
// and checks every field again.
import { startTransition, useActionState, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { FocusOnResult } from "@/components/ui/focus-on-result";
import { Notice } from "@/components/ui/notice";
import type { ApprovalRule } from "@/db/enums";
import { IDLE } from "@/lib/action-state-types";
import type { PolicyPageView } from "@/lib/policy/get-policy-page";
import { savePolicyAction } from "../../../actions";

const RULES: { value: ApprovalRule; label: string; detail: string }[] = [
  { value: "auto", label: "Automatic", detail: "Approved at once when the request is within the limits below." },
  { value: "single", label: "One approver", detail: "Someone from an approver team, never the requester." },
  { value: "dual", label: "Two approvers", detail: "Two different people from the approver teams; one deny ends the request." },
];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4 border-t border-slate-100 pt-5 first:border-0 first:pt-0">
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {children}
    </section>
  );
}

export function PolicyForm({ page }: { page: PolicyPageView }) {
  const [state, formAction, pending] = useActionState(savePolicyAction, IDLE);
  const { current } = page;
  const [rule, setRule] = useState<ApprovalRule>(current.approvalRule);
  const [ticketRequired, setTicketRequired] = useState(current.ticketPattern !== null);
  const [extensionsAllowed, setExtensionsAllowed] = useState(current.extensionsAllowed);
  const [claimsText, setClaimsText] = useState(current.autoApprovalClaims.join("\n"));
  // Under automatic approval, approvers decide only what misses the required claims.
  const approversUsed = rule !== "auto" || claimsText.trim() !== "";
  const errors = state.fieldErrors;
  const teamOptions = page.teams.map((t) => ({ value: t.id, label: t.name }));
  const minutesField = (name: keyof typeof current, label: string, hint: string, value: number | null, disabled = false) => (
    <Field id={name} label={label} hint={hint} errors={errors[name]}>
      <input
        name={name}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        defaultValue={value ?? ""}
        disabled={disabled}
        className={controlClass}
        {...fieldAria(name, { hint: true, errors: errors[name] })}
      />
    </Field>
  );

  // Sent from onSubmit so React does not reset the form: on an error, what was entered stays.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  }

  return (
    <form action={formAction} onSubmit={onSubmit} className="space-y-6" noValidate aria-label="Policy">
      <input type="hidden" name="resourceSlug" value={page.resource.slug} />
      <input type="hidden" name="baseVersion" value={current.version} />
      <FocusOnResult result={state.status === "idle" ? null : state}>
        {state.status === "ok" && (
          <Notice tone="success" label="Policy result">
            {state.message}
          </Notice>
        )}
        {state.status !== "ok" && state.status !== "idle" && (
          <Notice tone="error" label="Policy error">
            {state.message}
          </Notice>
        )}
      </FocusOnResult>

      <Section title="Who may ask, for what">
        <Field id="accessLevels" label="Access levels" hint="Separated by spaces or commas, e.g. read admin. Levels are independent: one does not include another." errors={errors.accessLevels}>
          <input name="accessLevels" type="text" defaultValue={current.accessLevels.join(" ")} className={controlClass} {...fieldAria("accessLevels", { hint: true, errors: errors.accessLevels })} />
        </Field>
        <CheckboxGroup name="eligibleTeamIds" legend="Teams who may request" options={teamOptions} defaultChecked={current.eligibleTeamIds} errors={errors.eligibleTeamIds} />
        <CheckboxGroup
          name="eligibleUserIds"
          legend="People who may request (besides those teams)"
          options={page.people.map((p) => ({ value: p.id, label: p.name, detail: p.email }))}
          defaultChecked={current.eligibleUserIds}
          errors={errors.eligibleUserIds}
          scroll
        />
        <CheckboxGroup
          name="eligibleWorkloadIds"
          legend="Workload identities who may request (CI pipelines, services)"
          hint="Admins register them under Admin → Workloads; a workload never becomes eligible through a team."
          options={page.workloads.map((w) => ({ value: w.id, label: w.name, detail: w.authKind === "oidc" ? "OIDC token" : "API key" }))}
          defaultChecked={current.eligibleWorkloadIds}
          errors={errors.eligibleWorkloadIds}
        />
      </Section>

      <Section title="How long">
        <div className="grid gap-4 sm:grid-cols-2">
          {minutesField("defaultDurationMinutes", "Default duration (minutes)", "What the request form suggests.", current.defaultDurationMinutes)}
          {minutesField("maxDurationMinutes", "Maximum duration (minutes)", "The longest one grant may be asked for.", current.maxDurationMinutes)}
          {minutesField("expiryWarningMinutes", "Expiry warning (minutes before the end)", "When the holder is told their access ends soon.", current.expiryWarningMinutes)}
          <Field id="maxLiveGrants" label="Live grants per person at once" hint="Overlapping grants on this resource one person may hold." errors={errors.maxLiveGrants}>
            <input name="maxLiveGrants" type="number" inputMode="numeric" min={1} step={1} defaultValue={current.maxLiveGrants} className={controlClass} {...fieldAria("maxLiveGrants", { hint: true, errors: errors.maxLiveGrants })} />
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="extensionsAllowed" checked={extensionsAllowed} onChange={(e) => setExtensionsAllowed(e.target.checked)} className="size-4 rounded border-slate-300 text-indigo-600" />
          Extensions allowed (each one is a new decision under the approval rule)
        </label>
        <div className="grid gap-4 sm:grid-cols-2">
          {minutesField("maxTotalMinutes", "Maximum total with extensions (minutes)", "The longest a grant may last, extensions included.", current.maxTotalMinutes, !extensionsAllowed)}
        </div>
      </Section>

      <Section title="Approval">
        <fieldset className="space-y-2" aria-describedby="approvalRule-error">
          <legend className="text-sm font-medium text-slate-800">Approval rule</legend>
          {RULES.map((option) => (
            <label key={option.value} className="flex items-start gap-2 text-sm text-slate-700">
              <input type="radio" name="approvalRule" value={option.value} checked={rule === option.value} onChange={() => setRule(option.value)} className="mt-0.5 size-4 border-slate-300 text-indigo-600" />
              <span>
                <span className="font-medium text-slate-900">{option.label}</span>
                <span className="block text-xs text-slate-500">{option.detail}</span>
              </span>
            </label>
          ))}
          <p id="approvalRule-error" aria-live="polite" className="text-sm text-red-700 empty:hidden">
            {errors.approvalRule?.join(" ")}
          </p>
        </fieldset>
        <CheckboxGroup
          name="approverTeamIds"
          legend="Approver teams"
          hint={
            !approversUsed
              ? "Not used while approval is automatic and no claims are required."
              : rule === "auto"
                ? "People with the approver role in these teams decide the requests that miss the required claims."
                : "People with the approver role in these teams may decide."
          }
          options={teamOptions}
          defaultChecked={current.approverTeamIds}
          errors={errors.approverTeamIds}
          disabled={!approversUsed}
        />
        <Field
          id="autoApprovalClaims"
          label="Claims required for auto-approval"
          hint="One claim=value per line (* is a wildcard), e.g. repository=acme/payments. With automatic approval, only a workload whose OIDC token has these claims is approved at once; anyone else waits for one approver from the approver teams."
          errors={errors.autoApprovalClaims}
        >
          <textarea name="autoApprovalClaims" rows={3} value={claimsText} onChange={(e) => setClaimsText(e.target.value)} className={`${controlClass} font-mono`} {...fieldAria("autoApprovalClaims", { hint: true, errors: errors.autoApprovalClaims })} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          {minutesField("approvalTimeoutMinutes", "Approval timeout (minutes)", "A request nobody decides in this time ends as timed out.", current.approvalTimeoutMinutes)}
        </div>
      </Section>

      <Section title="What a request must say">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="requireJustification" defaultChecked={current.requireJustification} className="size-4 rounded border-slate-300 text-indigo-600" />
          Justification required
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="ticketRequired" checked={ticketRequired} onChange={(e) => setTicketRequired(e.target.checked)} className="size-4 rounded border-slate-300 text-indigo-600" />
          Ticket reference required
        </label>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="ticketPattern" label="Ticket pattern (regular expression)" hint="For example ^(CHG|INC)-[0-9]{3,}$" errors={errors.ticketPattern}>
            <input name="ticketPattern" type="text" defaultValue={current.ticketPattern ?? ""} disabled={!ticketRequired} className={`${controlClass} font-mono`} {...fieldAria("ticketPattern", { hint: true, errors: errors.ticketPattern })} />
          </Field>
          <Field id="ticketHint" label="Ticket hint" hint="In words, for requesters: “a change number such as CHG-123”." errors={errors.ticketHint}>
            <input name="ticketHint" type="text" defaultValue={current.ticketHint ?? ""} disabled={!ticketRequired} className={controlClass} {...fieldAria("ticketHint", { hint: true, errors: errors.ticketHint })} />
          </Field>
        </div>
      </Section>

      <Section title="Break-glass">
        <CheckboxGroup
          name="breakGlassTeamIds"
          legend="Teams who may break glass"
          hint="Access at once without approval, flagged as an exception and reviewed by the owner team afterwards. None checked: break-glass is off."
          options={teamOptions}
          defaultChecked={current.breakGlassTeamIds}
          errors={errors.breakGlassTeamIds}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          {minutesField("breakGlassReviewMinutes", "Review deadline (minutes)", "How soon after break-glass the owner team must review it.", current.breakGlassReviewMinutes)}
        </div>
      </Section>

      <div className="flex items-center justify-end gap-3 border-t border-slate-100 pt-4">
        <p className="text-xs text-slate-500">Tightening applies at once; anything that loosens control waits for a second owner.</p>
        <Button type="submit" disabled={pending || !page.viewerMayEdit}>
          {pending ? "Saving…" : "Save as a new version"}
        </Button>
      </div>
    </form>
  );
}
