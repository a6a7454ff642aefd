import "server-only";
// An admin sets the roles a person holds. Roles are read from the database on every request,
// so the change applies at once. Nobody removes their own admin role: another admin must,
// so an administrator cannot lock the last admin out by accident.
import { and, eq, inArray } from "drizzle-orm";
import { userRoles, type Role } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { lockActingAdmin } from "./lock-acting-admin";
import { setUserRolesInput, type SetUserRolesInput } from "./schemas";

export interface RolesChange {
  userId: string;
  before: Role[];
  after: Role[];
  changed: boolean;
}

export async function setUserRoles(actor: UserActor, input: SetUserRolesInput, deps: Deps): Promise<RolesChange> {
  authorize(actor, "admin.manage");
  const { userId, roles } = parseInput(setUserRolesInput, input);
  if (userId === actor.id && !roles.includes("admin")) {
    throw invalid("You cannot remove your own admin role.", { roles: ["You cannot remove your own admin role; ask another admin to do it."] });
  }
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    // The target's row lock serialises every change to their roles, so `before` stays true until commit.
    const target = (await lockActingAdmin(tx, actor, [userId])).get(userId);
    if (!target) throw notFound("No such user.");
    const before = (await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role).sort();
    const removed = before.filter((role) => !roles.includes(role));
    const added = roles.filter((role) => !before.includes(role));
    if (removed.length === 0 && added.length === 0) return { userId, before, after: before, changed: false };

    if (removed.length) await tx.delete(userRoles).where(and(eq(userRoles.userId, userId), inArray(userRoles.role, removed)));
    if (added.length) await tx.insert(userRoles).values(added.map((role) => ({ userId, role })));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "user.roles_changed",
      occurredAt: now,
      details: { userId, email: target.email, before: { roles: before }, after: { roles }, added, removed },
    });
    return { userId, before, after: roles, changed: true };
  });
}
