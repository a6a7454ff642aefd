import "server-only";
// The first step of every admin change, inside its transaction: lock the rows of the people
// involved (the acting admin included) in id order, then check that the actor is still an
// enabled admin. So an admin disabled or demoted a moment ago cannot act on a stale session,
// two admins cannot remove each other's admin role at once and leave nobody, and concurrent
// edits of one user queue up instead of interleaving. NO KEY UPDATE, not UPDATE: it must not
// block inserts that merely reference the user (approvals, memberships).
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { userRoles, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { forbidden } from "@/lib/errors";

export interface LockedUser {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
}

/** Returns the locked target users by id; a target missing from the map does not exist. */
export async function lockActingAdmin(tx: Tx, actor: UserActor, targetUserIds: readonly string[] = []): Promise<Map<string, LockedUser>> {
  const ids = [...new Set([actor.id, ...targetUserIds])];
  const rows = await tx
    .select({ id: users.id, email: users.email, name: users.name, disabled: users.disabled })
    .from(users)
    .where(inArray(users.id, ids))
    .orderBy(asc(users.id))
    .for("no key update");
  const self = rows.find((row) => row.id === actor.id);
  const [isAdmin] = self && !self.disabled
    ? await tx.select({ role: userRoles.role }).from(userRoles).where(and(eq(userRoles.userId, actor.id), eq(userRoles.role, "admin")))
    : [];
  if (!isAdmin) throw forbidden("Your account may no longer manage users and teams.");
  return new Map(rows.filter((row) => targetUserIds.includes(row.id)).map((row) => [row.id, row]));
}
