"use client";
// Creates a team, or edits one: name, slug, function. The function is what RACI rule 4
// looks for (DevOps, IAM and PAM must each appear in every resource's matrix).
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { TEAM_FUNCTIONS, type TeamFunction } from "@/db/enums";
import { createTeamAction, updateTeamAction } from "./actions";
import { TEAM_FUNCTION_LABELS } from "./labels";
import { FormOutcome, useAdminForm } from "./use-admin-form";

interface TeamValues {
  id: string;
  name: string;
  slug: string;
  function: TeamFunction;
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);

export function TeamForm({ team }: { team?: TeamValues }) {
  const form = useAdminForm(team ? updateTeamAction : createTeamAction);
  const [name, setName] = useState(team?.name ?? "");
  const [slug, setSlug] = useState(team?.slug ?? "");
  // A new team's slug follows its name until someone edits the slug by hand.
  const [slugTouched, setSlugTouched] = useState(!!team);
  const [fn, setFn] = useState<string>(team?.function ?? "");
  const errors = form.errors;
  const prefix = team ? "team" : "new-team";

  useEffect(() => {
    if (team || form.state.status !== "ok") return;
    setName("");
    setSlug("");
    setSlugTouched(false);
    setFn("");
  }, [form.state, team]);

  return (
    <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-4" noValidate>
      {team && <input type="hidden" name="teamId" value={team.id} />}
      <FormOutcome state={form.outcome} label={team ? "Team result" : "New team result"} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field id={`${prefix}-name`} label="Name" errors={errors.name}>
          <input
            name="name"
            type="text"
            autoComplete="off"
            value={name}
            onChange={(e) => {
              form.edited();
              setName(e.target.value);
              if (!slugTouched) setSlug(slugify(e.target.value));
            }}
            className={controlClass}
            {...fieldAria(`${prefix}-name`, { errors: errors.name })}
          />
        </Field>
        <Field id={`${prefix}-slug`} label="Slug" hint="Lowercase letters, digits and hyphens; used in links and exports." errors={errors.slug}>
          <input
            name="slug"
            type="text"
            autoComplete="off"
            value={slug}
            onChange={(e) => {
              form.edited();
              setSlugTouched(true);
              setSlug(e.target.value);
            }}
            className={controlClass}
            {...fieldAria(`${prefix}-slug`, { hint: true, errors: errors.slug })}
          />
        </Field>
        <Field
          id={`${prefix}-function`}
          label="Function"
          hint={team ? "Changing it can open a governance gap on resources whose RACI relies on this team." : "What the team does; RACI checks look for DevOps, IAM and PAM."}
          errors={errors.function}
        >
          <select
            name="function"
            value={fn}
            onChange={(e) => {
              form.edited();
              setFn(e.target.value);
            }}
            className={controlClass}
            {...fieldAria(`${prefix}-function`, { hint: true, errors: errors.function })}
          >
            {!team && <option value="">Choose a function…</option>}
            {TEAM_FUNCTIONS.map((f) => (
              <option key={f} value={f}>
                {TEAM_FUNCTION_LABELS[f]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Saving…" : team ? "Save team" : "Create team"}
        </Button>
      </div>
    </form>
  );
}
