import "server-only";
// For portal pages: the actor, if their roles allow the page's action; otherwise a 403.
import { forbidden } from "next/navigation";
import type { UserActor } from "./actor";
import { can, type Action } from "./permissions";
import { requireActor } from "./require-actor";

export async function requirePageAccess(action: Action): Promise<UserActor> {
  const actor = await requireActor();
  if (!can(actor, action)) forbidden();
  return actor;
}
