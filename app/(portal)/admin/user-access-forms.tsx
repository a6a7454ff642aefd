"use client";
// Editing a person's roles and teams. Each form saves the whole set it shows; the server
// records what was added and removed.
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { setUserRolesAction, setUserTeamsAction } from "./actions";
import { roleOptions, teamOptions, type TeamChoice } from "./options";
import { FormOutcome, useAdminForm } from "./use-admin-form";

export function UserRolesForm({ userId, roles, isSelf }: { userId: string; roles: string[]; isSelf: boolean }) {
  const form = useAdminForm(setUserRolesAction);
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} onChange={form.edited} className="space-y-4" noValidate>
      <input type="hidden" name="userId" value={userId} />
      <FormOutcome state={form.outcome} label="Roles result" />
      <CheckboxGroup
        name="roles"
        legend="Roles"
        hint="Roles are read on every request: a change applies at once."
        // Your own admin role is not yours to drop (the server refuses it too): it is sent as it is.
        options={roleOptions(isSelf ? ["admin"] : [])}
        defaultChecked={roles}
        errors={form.errors.roles}
      />
      {isSelf && (
        <p className="text-sm text-slate-600">
          <input type="hidden" name="roles" value="admin" />
          You keep the <span className="font-medium">Admin</span> role: nobody removes their own. Another admin can.
        </p>
      )}
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Saving…" : "Save roles"}
        </Button>
      </div>
    </form>
  );
}

export function UserTeamsForm({ userId, teamIds, teams }: { userId: string; teamIds: string[]; teams: TeamChoice[] }) {
  const form = useAdminForm(setUserTeamsAction);
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} onChange={form.edited} className="space-y-4" noValidate>
      <input type="hidden" name="userId" value={userId} />
      <FormOutcome state={form.outcome} label="Teams result" />
      <CheckboxGroup
        name="teamIds"
        legend="Teams"
        hint="Teams decide which resources they may request, approve or own."
        options={teamOptions(teams)}
        defaultChecked={teamIds}
        errors={form.errors.teamIds}
        scroll={teams.length > 10}
      />
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Saving…" : "Save teams"}
        </Button>
      </div>
    </form>
  );
}
