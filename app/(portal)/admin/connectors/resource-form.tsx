"use client";
// A resource's name and slug (grants and history follow its immutable id), and deleting an
// unused resource: refused while grants are live or once it has history.
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { controlClass, Field, fieldAria } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { FormOutcome, useAdminForm } from "../use-admin-form";
import { deleteResourceAction, renameResourceAction, type RenameState } from "./actions";

export function ResourceForm({ resource }: { resource: { id: string; name: string; slug: string } }) {
  const router = useRouter();
  const form = useAdminForm<RenameState>(renameResourceAction);
  const [confirming, setConfirming] = useState(false);
  const [deleting, startDelete] = useTransition();
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const errors = form.errors;

  // A new slug is a new address: follow it.
  useEffect(() => {
    if (form.state.status === "ok" && form.state.slug && form.state.slug !== resource.slug) router.replace(`/admin/connectors/${form.state.slug}`);
  }, [form.state, resource.slug, router]);

  return (
    <div className="space-y-4">
      <form action={form.formAction} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <input type="hidden" name="resourceId" value={resource.id} />
        <FormOutcome state={form.outcome} label="Resource result" />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="resource-name" label="Name" errors={errors.name}>
            <input name="name" defaultValue={resource.name} onChange={form.edited} className={controlClass} {...fieldAria("resource-name", { errors: errors.name })} />
          </Field>
          <Field id="resource-slug" label="Slug" hint="Used in links. Grants and history follow the resource, not its slug." errors={errors.slug}>
            <input name="slug" defaultValue={resource.slug} onChange={form.edited} className={controlClass} {...fieldAria("resource-slug", { hint: true, errors: errors.slug })} />
          </Field>
        </div>
        <div className="flex justify-end">
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : "Save name"}
          </Button>
        </div>
      </form>
      <div className="flex flex-wrap items-center justify-end gap-2 border-t border-slate-100 pt-4">
        {deleteError && (
          <Notice tone="error" label="Delete result">
            {deleteError}
          </Notice>
        )}
        {confirming ? (
          <div role="group" aria-label="Delete this resource?" className="flex items-center gap-2">
            <span className="text-sm text-slate-600">Only a resource that was never requested can be deleted.</span>
            <Button
              variant="danger"
              size="sm"
              disabled={deleting}
              onClick={() =>
                startDelete(async () => {
                  const result = await deleteResourceAction(resource.id);
                  setDeleteError(result.status === "ok" ? null : result.message);
                  setConfirming(false);
                })
              }
            >
              {deleting ? "Deleting…" : "Yes, delete it"}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>
              Keep it
            </Button>
          </div>
        ) : (
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            Delete resource
          </Button>
        )}
      </div>
    </div>
  );
}
