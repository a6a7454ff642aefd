import "server-only";
// The control catalogue: each control, what Lapse does for it and the audit actions that are
// its evidence. Auditors read it with how many such events the log holds; control owners and
// admins, who keep the mapping, read it without (the evidence itself is for auditors).
import { asc, count, eq, inArray } from "drizzle-orm";
import { auditEvents, controlMappings, controls } from "@/db/schema";
import type { Db } from "@/db/client";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export interface ControlMapping {
  id: string;
  framework: string;
  identifier: string;
  title: string;
  lapseDoes: string;
  actions: string[];
}

export interface ControlView extends ControlMapping {
  evidenceCount: number;
}

async function readCatalogue(db: Db): Promise<ControlMapping[]> {
  const [rows, mappings] = await Promise.all([db.select().from(controls).orderBy(asc(controls.framework), asc(controls.identifier)), db.select().from(controlMappings)]);
  // Identifiers in their published order (NHI1, NHI5, NHI10), not as text (NHI1, NHI10, NHI5).
  rows.sort((a, b) => a.framework.localeCompare(b.framework) || a.identifier.localeCompare(b.identifier, "en", { numeric: true }));
  return rows.map((control) => ({
    id: control.id,
    framework: control.framework,
    identifier: control.identifier,
    title: control.title,
    lapseDoes: control.lapseDoes,
    actions: mappings.filter((m) => m.controlId === control.id).map((m) => m.action).sort(),
  }));
}

/** One control by its published identifier, or null; no authorization (callers check). */
export async function readControl(db: Db, identifier: string): Promise<ControlMapping | null> {
  const [control] = await db.select().from(controls).where(eq(controls.identifier, identifier));
  if (!control) return null;
  const actions = (await db.select({ action: controlMappings.action }).from(controlMappings).where(eq(controlMappings.controlId, control.id))).map((m) => m.action).sort();
  return { id: control.id, framework: control.framework, identifier: control.identifier, title: control.title, lapseDoes: control.lapseDoes, actions };
}

export async function listControls(actor: UserActor, deps: Pick<Deps, "db">): Promise<ControlView[]> {
  authorize(actor, "controls.read");
  const [catalogue, tallies] = await Promise.all([
    readCatalogue(deps.db),
    deps.db.select({ action: auditEvents.action, n: count() }).from(auditEvents).groupBy(auditEvents.action),
  ]);
  const perAction = new Map(tallies.map((t) => [t.action, t.n]));
  return catalogue.map((control) => ({ ...control, evidenceCount: control.actions.reduce((sum, action) => sum + (perAction.get(action) ?? 0), 0) }));
}

/** The catalogue for those who keep its mapping (control owners, admins). */
export async function listControlsForEdit(actor: UserActor, deps: Pick<Deps, "db">): Promise<ControlMapping[]> {
  authorize(actor, "controls.edit");
  return readCatalogue(deps.db);
}

export async function getControl(actor: UserActor, identifier: string, deps: Pick<Deps, "db">): Promise<ControlView | null> {
  authorize(actor, "controls.read");
  const control = await readControl(deps.db, identifier);
  if (!control) return null;
  const [{ n }] = control.actions.length ? await deps.db.select({ n: count() }).from(auditEvents).where(inArray(auditEvents.action, control.actions)) : [{ n: 0 }];
  return { ...control, evidenceCount: n };
}
