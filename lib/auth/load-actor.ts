import "server-only";
// Roles, teams and the disabled flag come from the database on every request, so a change
// (a role removed, an account disabled) applies at once, not when a session token expires.
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, userRoles, users, type Role } from "@/db/schema";
import type { UserActor } from "./actor";

/**
 * The acting user, or null when the account does not exist or is disabled. `authenticatedAt`
 * comes from the session behind the call, when there is one (lib/auth/require-actor.ts).
 */
export async function loadUserActor(db: Executor, userId: string, authenticatedAt: Date | null = null): Promise<UserActor | null> {
  // One round trip, since every page and every personal-token call asks: roles and teams as arrays.
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      roles: sql<Role[]>`array(select ${userRoles.role} from ${userRoles} where ${userRoles.userId} = ${users.id} order by 1)`,
      teamIds: sql<string[]>`array(select ${memberships.teamId}::text from ${memberships} where ${memberships.userId} = ${users.id})`,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.disabled, false), eq(users.kind, "human")));
  if (!user) return null;
  return { kind: "user", ...user, roles: [...user.roles].sort(), authenticatedAt };
}
