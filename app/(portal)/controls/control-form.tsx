"use client";
// Editing one control: what Lapse does for it, and which event types are its evidence.
import { Button } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import type { ControlMapping } from "@/lib/controls/list-controls";
import { updateControlAction } from "./actions";
import { FormOutcome, useAdminForm } from "../admin/use-admin-form";

export function ControlForm({ control, updatedAt, actions }: { control: ControlMapping; updatedAt: string; actions: { value: string; label: string }[] }) {
  const form = useAdminForm(updateControlAction);
  return (
    <form action={form.formAction} onSubmit={form.onSubmit} onChange={form.edited} className="space-y-4" noValidate aria-label={`Control ${control.identifier}`}>
      <input type="hidden" name="controlId" value={control.id} />
      <input type="hidden" name="updatedAt" value={updatedAt} />
      <FormOutcome state={form.outcome} label="Control result" />
      <Field id="lapseDoes" label="What Lapse does for this control" errors={form.errors.lapseDoes}>
        <textarea name="lapseDoes" rows={3} defaultValue={control.lapseDoes} className={controlClass} {...fieldAria("lapseDoes", { errors: form.errors.lapseDoes })} />
      </Field>
      <CheckboxGroup name="actions" legend="Evidence: the event types that prove it" options={actions} defaultChecked={control.actions} errors={form.errors.actions} scroll />
      <div className="flex justify-end">
        <Button type="submit" disabled={form.pending}>
          {form.pending ? "Saving…" : "Save control"}
        </Button>
      </div>
    </form>
  );
}
