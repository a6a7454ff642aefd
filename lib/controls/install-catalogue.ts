import "server-only";
// Installs the shipped control catalogue. An empty table gets all of it. A table that already
// holds a catalogue belongs to the admins who edit it, so it is only ever added to: a control
// shipped since is inserted, and a mapping shipped since is added to its control unless an
// admin has taken that very mapping off the control before (their control.updated events
// say so). Titles and "what Lapse does" are never overwritten. Each addition is a
// control.updated event by the system in the same transaction, and bumps the control's
// updated_at so an editor opened before it cannot silently save over it.
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, controlMappings, controls } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { AuditActor } from "@/lib/auth/actor";
import { CONTROL_CATALOGUE, type CatalogueEntry } from "./catalogue";

export const CATALOGUE_INSTALLER = { kind: "system", id: "control-catalogue", label: "Lapse control catalogue" } as const satisfies AuditActor;

const REASON = "added by the control catalogue shipped with Lapse";

/** "<identifier> <action>" for each mapping some control.updated event took off its control. */
export function removedMappings(events: { details: Record<string, unknown> }[]): Set<string> {
  const removed = new Set<string>();
  const actionsOf = (side: unknown): string[] => {
    const actions = side && typeof side === "object" ? (side as { actions?: unknown }).actions : undefined;
    return Array.isArray(actions) ? actions.filter((a): a is string => typeof a === "string") : [];
  };
  for (const { details } of events) {
    if (typeof details.control !== "string") continue;
    const after = new Set(actionsOf(details.after));
    for (const action of actionsOf(details.before)) if (!after.has(action)) removed.add(`${details.control} ${action}`);
  }
  return removed;
}

export async function installControlCatalogue(db: Db, now: Date, catalogue: readonly CatalogueEntry[] = CONTROL_CATALOGUE): Promise<void> {
  await db.transaction(async (tx) => {
    const [{ n }] = await tx.select({ n: count() }).from(controls);
    if (n === 0) {
      for (const entry of catalogue) {
        const [control] = await tx
          .insert(controls)
          .values({ framework: entry.framework, identifier: entry.identifier, title: entry.title, lapseDoes: entry.lapseDoes, updatedAt: now })
          .onConflictDoNothing()
          .returning({ id: controls.id });
        if (control) await tx.insert(controlMappings).values(entry.actions.map((action) => ({ controlId: control.id, action })));
      }
      return;
    }

    const [existing, mappings, edits] = await Promise.all([
      tx.select().from(controls),
      tx.select().from(controlMappings),
      tx.select({ details: auditEvents.details }).from(auditEvents).where(eq(auditEvents.action, "control.updated")),
    ]);
    const removed = removedMappings(edits);
    const byIdentifier = new Map(existing.map((c) => [c.identifier, c]));
    const mapped = new Set(mappings.map((m) => `${m.controlId} ${m.action}`));

    for (const entry of catalogue) {
      const control = byIdentifier.get(entry.identifier);
      if (!control) {
        // Shipped since this database got its catalogue (admins cannot delete controls).
        const [added] = await tx
          .insert(controls)
          .values({ framework: entry.framework, identifier: entry.identifier, title: entry.title, lapseDoes: entry.lapseDoes, updatedAt: now })
          .onConflictDoNothing()
          .returning({ id: controls.id });
        if (!added) continue; // another instance starting at the same moment added it
        const actions = [...new Set(entry.actions)].sort();
        await tx.insert(controlMappings).values(actions.map((action) => ({ controlId: added.id, action })));
        await appendAuditEvent(tx, {
          actor: CATALOGUE_INSTALLER,
          action: "control.updated",
          occurredAt: now,
          details: { control: entry.identifier, reason: REASON, before: null, after: { lapseDoes: entry.lapseDoes, actions } },
        });
        continue;
      }
      const missing = entry.actions.filter((action) => !mapped.has(`${control.id} ${action}`) && !removed.has(`${entry.identifier} ${action}`));
      if (missing.length === 0) continue;
      // Locked as an admin's edit locks it, then read again: what this adds to is what is there.
      const [locked] = await tx.select().from(controls).where(eq(controls.id, control.id)).for("update");
      const inserted = await tx
        .insert(controlMappings)
        .values([...new Set(missing)].map((action) => ({ controlId: control.id, action })))
        .onConflictDoNothing()
        .returning({ action: controlMappings.action });
      if (inserted.length === 0) continue;
      const added = new Set(inserted.map((m) => m.action));
      const after = (await tx.select({ action: controlMappings.action }).from(controlMappings).where(eq(controlMappings.controlId, control.id))).map((m) => m.action).sort();
      await tx.update(controls).set({ updatedAt: now }).where(eq(controls.id, control.id));
      await appendAuditEvent(tx, {
        actor: CATALOGUE_INSTALLER,
        action: "control.updated",
        occurredAt: now,
        details: {
          control: entry.identifier,
          reason: REASON,
          added: [...added].sort(),
          before: { lapseDoes: locked.lapseDoes, actions: after.filter((a) => !added.has(a)) },
          after: { lapseDoes: locked.lapseDoes, actions: after },
        },
      });
    }
  });
}

