"use client";
// Registers a workload identity: OIDC (issuer, audience, claim conditions) or an API key.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { FormOutcome, useAdminForm } from "../use-admin-form";
import { createWorkloadAction } from "./actions";
import { SecretOnce } from "./secret-once";

export function WorkloadForm({ teams }: { teams: { id: string; name: string }[] }) {
  const form = useAdminForm(createWorkloadAction);
  const [authKind, setAuthKind] = useState<"oidc" | "api_key">("oidc");
  const errors = form.errors;
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-4" noValidate aria-label="New workload identity">
      <FormOutcome state={form.outcome} label="New workload result" />
      {form.outcome.status === "ok" && form.state.secret && <SecretOnce secret={form.state.secret} label="API key" />}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="wl-name" label="Name" hint="Written workload:<name> in policies, evidence and the access check, e.g. payments-deploy." errors={errors.name}>
          <input name="name" type="text" autoComplete="off" className={controlClass} {...fieldAria("wl-name", { hint: true, errors: errors.name })} />
        </Field>
        <Field id="wl-owner" label="Owner team" errors={errors.ownerTeamId}>
          <select name="ownerTeamId" defaultValue="" className={controlClass} {...fieldAria("wl-owner", { errors: errors.ownerTeamId })}>
            <option value="" disabled>
              Choose a team
            </option>
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Authenticates with</legend>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="authKind" value="oidc" checked={authKind === "oidc"} onChange={() => setAuthKind("oidc")} className="size-4" />
          An OIDC token from its CI provider (recommended: nothing long-lived to leak)
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="radio" name="authKind" value="api_key" checked={authKind === "api_key"} onChange={() => setAuthKind("api_key")} className="size-4" />
          An API key Lapse issues (shown once, expiring)
        </label>
      </fieldset>
      {authKind === "oidc" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="wl-issuer" label="OIDC issuer URL" hint="https only, e.g. https://token.actions.githubusercontent.com" errors={errors.issuer}>
            <input name="issuer" type="url" autoComplete="off" className={controlClass} {...fieldAria("wl-issuer", { hint: true, errors: errors.issuer })} />
          </Field>
          <Field id="wl-audience" label="Audience (aud)" hint="What the pipeline asks its provider to mint the token for, e.g. https://lapse.example.com" errors={errors.audience}>
            <input name="audience" type="text" autoComplete="off" className={controlClass} {...fieldAria("wl-audience", { hint: true, errors: errors.audience })} />
          </Field>
          <div className="sm:col-span-2">
            <Field id="wl-claims" label="Claim conditions" hint="One claim=value per line, all must hold; * is a wildcard. e.g. repository=acme/payments, ref=refs/heads/main, sub=repo:acme/payments:*" errors={errors.claimConditions}>
              <textarea name="claimConditions" rows={3} className={`${controlClass} font-mono`} {...fieldAria("wl-claims", { hint: true, errors: errors.claimConditions })} />
            </Field>
          </div>
        </div>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="wl-key-days" label="Key lifetime (days)" hint="1 to 365 days." errors={errors.keyExpiresInDays}>
            <input name="keyExpiresInDays" type="number" min={1} max={365} defaultValue={90} className={controlClass} {...fieldAria("wl-key-days", { hint: true, errors: errors.keyExpiresInDays })} />
          </Field>
        </div>
      )}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="mayCheckAccess" className="size-4 rounded" />
        A target system: may call the access check (GET /api/v1/access/check)
      </label>
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Registering…" : "Register workload identity"}
        </Button>
      </div>
    </form>
  );
}
