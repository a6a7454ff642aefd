import "server-only";
// The control catalogue for auditors: each control, what Lapse does for it, the audit
// actions that are its evidence, and how many such events the log holds.
import { asc, count, eq, inArray } from "drizzle-orm";
import { auditEvents, controlMappings, controls } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export interface ControlView {
  id: string;
  framework: string;
  identifier: string;
  title: string;
  lapseDoes: string;
  actions: string[];
  evidenceCount: number;
}

export async function listControls(actor: UserActor, deps: Pick<Deps, "db">): Promise<ControlView[]> {
  authorize(actor, "controls.read");
  const [rows, mappings, tallies] = await Promise.all([
    deps.db.select().from(controls).orderBy(asc(controls.framework), asc(controls.identifier)),
    deps.db.select().from(controlMappings),
    deps.db.select({ action: auditEvents.action, n: count() }).from(auditEvents).groupBy(auditEvents.action),
  ]);
  const perAction = new Map(tallies.map((t) => [t.action, t.n]));
  // Identifiers in their published order (NHI1, NHI5, NHI10), not as text (NHI1, NHI10, NHI5).
  rows.sort((a, b) => a.framework.localeCompare(b.framework) || a.identifier.localeCompare(b.identifier, "en", { numeric: true }));
  return rows.map((control) => {
    const actions = mappings.filter((m) => m.controlId === control.id).map((m) => m.action).sort();
    return {
      id: control.id,
      framework: control.framework,
      identifier: control.identifier,
      title: control.title,
      lapseDoes: control.lapseDoes,
      actions,
      evidenceCount: actions.reduce((sum, action) => sum + (perAction.get(action) ?? 0), 0),
    };
  });
}

export async function getControl(actor: UserActor, identifier: string, deps: Pick<Deps, "db">): Promise<ControlView | null> {
  authorize(actor, "controls.read");
  const [control] = await deps.db.select().from(controls).where(eq(controls.identifier, identifier));
  if (!control) return null;
  const actions = (await deps.db.select({ action: controlMappings.action }).from(controlMappings).where(eq(controlMappings.controlId, control.id))).map((m) => m.action).sort();
  const [{ n }] = actions.length ? await deps.db.select({ n: count() }).from(auditEvents).where(inArray(auditEvents.action, actions)) : [{ n: 0 }];
  return { id: control.id, framework: control.framework, identifier: control.identifier, title: control.title, lapseDoes: control.lapseDoes, actions, evidenceCount: n };
}
