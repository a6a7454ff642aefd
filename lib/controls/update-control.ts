import "server-only";
// An admin edits a control: what Lapse does for it, and which audit actions are its
// evidence. The change and its before/after are one transaction with its audit event.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { controlMappings, controls, type Control } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export const updateControlInput = z.object({
  controlId: z.uuid({ error: "Unknown control." }),
  /** The time the editor loaded it; a change saved in between is not overwritten. */
  updatedAt: z.iso.datetime({ error: "Reload the page and try again." }),
  lapseDoes: z.string().trim().min(10, "Say in a sentence what Lapse does for this control.").max(2000, "Keep it under 2000 characters."),
  actions: z
    .array(z.string().refine((action) => Object.hasOwn(AUDIT_ACTIONS, action), "Unknown event type."))
    .min(1, "Map at least one event type: a control without evidence proves nothing.")
    .max(100),
});
export type UpdateControlInput = z.input<typeof updateControlInput>;

export async function updateControl(actor: UserActor, input: UpdateControlInput, deps: Deps): Promise<Control> {
  authorize(actor, "controls.edit");
  const { controlId, updatedAt, lapseDoes, actions } = parseInput(updateControlInput, input);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(controls).where(eq(controls.id, controlId)).for("update");
    if (!before) throw notFound("No such control.");
    const [updated] = await tx
      .update(controls)
      .set({ lapseDoes, updatedAt: now })
      .where(and(eq(controls.id, controlId), eq(controls.updatedAt, new Date(updatedAt))))
      .returning();
    if (!updated) throw conflict("Someone changed this control while you were editing. Reload to see their change.");
    const beforeActions = (await tx.select({ action: controlMappings.action }).from(controlMappings).where(eq(controlMappings.controlId, controlId))).map((m) => m.action).sort();
    const afterActions = [...new Set(actions)].sort();
    await tx.delete(controlMappings).where(eq(controlMappings.controlId, controlId));
    await tx.insert(controlMappings).values(afterActions.map((action) => ({ controlId, action })));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "control.updated",
      occurredAt: now,
      details: {
        control: before.identifier,
        before: { lapseDoes: before.lapseDoes, actions: beforeActions },
        after: { lapseDoes, actions: afterActions },
      },
    });
    return updated;
  });
}
