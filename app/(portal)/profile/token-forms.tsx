"use client";
// Create a personal API token (the secret is shown once) or revoke one.
import { StepUpLink } from "@/components/step-up-link";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { FormOutcome, useAdminForm } from "../admin/use-admin-form";
import { SecretOnce } from "../admin/workloads/secret-once";
import { createDecisionTokenAction, createTokenAction, revokeTokenAction } from "./actions";

export function NewTokenForm() {
  const form = useAdminForm(createTokenAction);
  const errors = form.errors;
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-4" noValidate aria-label="New API token">
      <FormOutcome state={form.outcome} label="New token result" />
      {form.outcome.status === "ok" && form.state.secret && <SecretOnce secret={form.state.secret} label="Your API token" />}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="token-name" label="Name" hint="What it is for, e.g. laptop CLI." errors={errors.name}>
          <input name="name" type="text" autoComplete="off" className={controlClass} {...fieldAria("token-name", { hint: true, errors: errors.name })} />
        </Field>
        <Field id="token-days" label="Lifetime (days)" hint="1 to 365; every token expires." errors={errors.expiresInDays}>
          <input name="expiresInDays" type="number" min={1} max={365} defaultValue={30} className={controlClass} {...fieldAria("token-days", { hint: true, errors: errors.expiresInDays })} />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Creating…" : "Create token"}
        </Button>
      </div>
    </form>
  );
}

/** A token that may approve and deny for as long as this sign-in stays recent. */
export function NewDecisionTokenForm({ minutes }: { minutes: number }) {
  const form = useAdminForm(createDecisionTokenAction);
  const errors = form.errors;
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-4" noValidate aria-label="New decision token">
      <FormOutcome state={form.outcome} label="New decision token result" />
      {form.outcome.status === "step_up_required" && (
        <p className="text-sm text-slate-700">
          <StepUpLink />, then make the token.
        </p>
      )}
      {form.outcome.status === "ok" && form.state.secret && <SecretOnce secret={form.state.secret} label="Your decision token" />}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="decision-token-name" label="Name" hint="What it is for, e.g. approvals bot." errors={errors.name}>
          <input name="name" type="text" autoComplete="off" className={controlClass} {...fieldAria("decision-token-name", { hint: true, errors: errors.name })} />
        </Field>
        <p className="self-end text-sm text-slate-600">
          Lasts until your sign-in is {minutes} min old. Separation of duties still holds: it never decides your own requests.
        </p>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Creating…" : "Create decision token"}
        </Button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const form = useAdminForm(revokeTokenAction);
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} aria-label={`Revoke ${name}`}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <FormOutcome state={form.outcome} label={`Revoke result for ${name}`} />
      <Button type="submit" size="sm" variant="danger" disabled={form.pending}>
        Revoke
      </Button>
    </form>
  );
}
