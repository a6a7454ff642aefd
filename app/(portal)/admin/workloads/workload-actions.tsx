"use client";
// Per-workload controls on the admin list: issue a new API key (shown once), revoke a key, disable.
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { FormOutcome, useAdminForm } from "../use-admin-form";
import { disableWorkloadAction, issueWorkloadKeyAction, revokeWorkloadKeyAction, updateWorkloadAction } from "./actions";
import { SecretOnce } from "./secret-once";

export function IssueKeyForm({ workloadId, name }: { workloadId: string; name: string }) {
  const form = useAdminForm(issueWorkloadKeyAction);
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-2" aria-label={`New API key for ${name}`}>
      <input type="hidden" name="workloadId" value={workloadId} />
      <input type="hidden" name="expiresInDays" value="90" />
      <FormOutcome state={form.outcome} label={`Key result for ${name}`} />
      {form.outcome.status === "ok" && form.state.secret && <SecretOnce secret={form.state.secret} label={`API key for ${name}`} />}
      <Button type="submit" size="sm" variant="secondary" disabled={form.pending}>
        New key (90 days)
      </Button>
    </form>
  );
}

export function RevokeKeyButton({ tokenId, prefix }: { tokenId: string; prefix: string }) {
  const form = useAdminForm(revokeWorkloadKeyAction);
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} aria-label={`Revoke key ${prefix}`}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <FormOutcome state={form.outcome} label={`Revoke result for ${prefix}`} />
      <Button type="submit" size="sm" variant="secondary" disabled={form.pending}>
        Revoke
      </Button>
    </form>
  );
}

export function DisableWorkloadButton({ workloadId, name }: { workloadId: string; name: string }) {
  const form = useAdminForm(disableWorkloadAction);
  return (
    <form
      action={form.formAction}
      onSubmit={(e) => {
        if (!confirm(`Disable workload:${name}? Its live grants end now and its tokens stop working.`)) return e.preventDefault();
        form.onSubmit(e);
      }}
      aria-label={`Disable ${name}`}
    >
      <input type="hidden" name="workloadId" value={workloadId} />
      <FormOutcome state={form.outcome} label={`Disable result for ${name}`} />
      <Button type="submit" size="sm" variant="danger" disabled={form.pending}>
        Disable
      </Button>
    </form>
  );
}

export function EditWorkloadForm({ workload }: { workload: { id: string; name: string; authKind: "oidc" | "api_key"; audience: string | null; claimConditions: string[]; mayCheckAccess: boolean } }) {
  const form = useAdminForm(updateWorkloadAction);
  const errors = form.errors;
  const id = `edit-${workload.name}`;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-indigo-700">Edit</summary>
      <form action={form.formAction} onSubmit={form.onSubmit} className="mt-2 w-72 space-y-2" noValidate aria-label={`Edit ${workload.name}`}>
        <input type="hidden" name="workloadId" value={workload.id} />
        <FormOutcome state={form.outcome} label={`Edit result for ${workload.name}`} />
        {workload.authKind === "oidc" && (
          <>
            <Field id={`${id}-aud`} label="Audience (aud)" errors={errors.audience}>
              <input name="audience" type="text" defaultValue={workload.audience ?? ""} className={controlClass} {...fieldAria(`${id}-aud`, { errors: errors.audience })} />
            </Field>
            <Field id={`${id}-claims`} label="Claim conditions" hint="One claim=value per line." errors={errors.claimConditions}>
              <textarea name="claimConditions" rows={3} defaultValue={workload.claimConditions.join("\n")} className={`${controlClass} font-mono`} {...fieldAria(`${id}-claims`, { hint: true, errors: errors.claimConditions })} />
            </Field>
          </>
        )}
        <label className="flex items-center gap-2">
          <input type="checkbox" name="mayCheckAccess" defaultChecked={workload.mayCheckAccess} className="size-4 rounded" />
          May check access
        </label>
        <Button type="submit" size="sm" disabled={form.pending}>
          Save
        </Button>
      </form>
    </details>
  );
}
