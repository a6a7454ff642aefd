"use client";
// Per-workload controls on the admin list: issue a new API key (shown once), revoke a key, disable.
import { Button } from "@/components/ui/button";
import { FormOutcome, useAdminForm } from "../use-admin-form";
import { disableWorkloadAction, issueWorkloadKeyAction, revokeWorkloadKeyAction } from "./actions";
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
