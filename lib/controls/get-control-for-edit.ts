import "server-only";
// A control as its editor (a control owner or an admin) needs it, with the version stamp its
// save must name.
import { eq } from "drizzle-orm";
import { controls } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { readControl, type ControlMapping } from "./list-controls";

export async function getControlForEdit(actor: UserActor, identifier: string, deps: Pick<Deps, "db">): Promise<{ control: ControlMapping; updatedAt: string } | null> {
  authorize(actor, "controls.edit");
  const control = await readControl(deps.db, identifier);
  if (!control) return null;
  const [row] = await deps.db.select({ updatedAt: controls.updatedAt }).from(controls).where(eq(controls.id, control.id));
  return { control, updatedAt: row.updatedAt.toISOString() };
}
