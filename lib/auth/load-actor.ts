import "server-only";
// Roles, teams and the disabled flag come from the database on every request, so a change
// (a role removed, an account disabled) applies at once, not when a session token expires.
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, userRoles, users } from "@/db/schema";
import type { UserActor } from "./actor";

/**
 * The acting user, or null when the account does not exist or is disabled. `authenticatedAt`
 * comes from the session behind the call, when there is one (lib/auth/require-actor.ts).
 */
export async function loadUserActor(db: Executor, userId: string, authenticatedAt: Date | null = null): Promise<UserActor | null> {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.disabled, false), eq(users.kind, "human")));
  if (!user) return null;
  const [roleRows, teamRows] = await Promise.all([
    db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
    db.select({ teamId: memberships.teamId }).from(memberships).where(eq(memberships.userId, userId)),
  ]);
  return {
    kind: "user",
    ...user,
    roles: roleRows.map((r) => r.role).sort(),
    teamIds: teamRows.map((t) => t.teamId),
    authenticatedAt,
  };
}
