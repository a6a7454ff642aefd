"use client";
// Adds a person: email, name, roles, teams. No password: they sign in through the
// organisation's identity provider with this email.
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { createUserAction } from "./actions";
import { roleOptions, teamOptions, type TeamChoice } from "./options";
import { Notice } from "@/components/ui/notice";
import { FormOutcome, useAdminForm } from "./use-admin-form";

export function NewUserForm({ teams }: { teams: TeamChoice[] }) {
  const form = useAdminForm(createUserAction);
  const errors = form.errors;
  const ref = useRef<HTMLFormElement>(null);
  // Created: start over, ready for the next person; the banner links to the new account.
  useEffect(() => {
    if (form.state.status === "ok") ref.current?.reset();
  }, [form.state]);
  const created = form.outcome.status === "ok" ? form.outcome.userId : undefined;

  return (
    <form ref={ref} action={form.formAction} onSubmit={form.onSubmit} onChange={form.edited} className="space-y-5" noValidate>
      {created ? (
        <Notice tone="success" label="New user result">
          {form.outcome.message}{" "}
          <Link href={`/admin/users/${created}`} className="font-medium underline">
            Open their page
          </Link>
        </Notice>
      ) : (
        <FormOutcome state={form.outcome} label="New user result" />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="email" label="Email" hint="They sign in with this address through your identity provider." errors={errors.email}>
          <input name="email" type="email" autoComplete="off" className={controlClass} {...fieldAria("email", { hint: true, errors: errors.email })} />
        </Field>
        <Field id="name" label="Name" errors={errors.name}>
          <input name="name" type="text" autoComplete="off" className={controlClass} {...fieldAria("name", { errors: errors.name })} />
        </Field>
      </div>
      <CheckboxGroup name="roles" legend="Roles" options={roleOptions()} defaultChecked={["requester"]} errors={errors.roles} />
      <CheckboxGroup
        name="teamIds"
        legend="Teams"
        hint="Teams decide which resources they may request, approve or own."
        options={teamOptions(teams)}
        defaultChecked={[]}
        errors={errors.teamIds}
        scroll={teams.length > 10}
      />
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
