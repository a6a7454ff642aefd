import "server-only";
// A control as the admin's editor needs it, with the version stamp its save must name.
import { eq } from "drizzle-orm";
import { controls } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { getControl, type ControlView } from "./list-controls";

export async function getControlForEdit(actor: UserActor, identifier: string, deps: Pick<Deps, "db">): Promise<{ control: ControlView; updatedAt: string } | null> {
  authorize(actor, "controls.edit");
  const control = await getControl(actor, identifier, deps);
  if (!control) return null;
  const [row] = await deps.db.select({ updatedAt: controls.updatedAt }).from(controls).where(eq(controls.id, control.id));
  return { control, updatedAt: row.updatedAt.toISOString() };
}
