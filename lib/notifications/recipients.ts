import "server-only";
// Who a notification goes to, resolved inside the transition's transaction so the list is
// the one in force when it happened: the approvers of the current policy, the members of an
// owner team. Disabled accounts hear nothing.
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { memberships, userRoles, users, type Role } from "@/db/schema";
import { getCurrentPolicy } from "@/lib/resources/current-policy";

/** Enabled users with `role` in one of `teamIds`, except `exclude`. */
export async function teamMembersWithRole(db: Executor, teamIds: readonly string[], role: Role, exclude: readonly string[] = []): Promise<string[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: users.id })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, role)))
    .where(and(inArray(memberships.teamId, [...teamIds]), eq(users.disabled, false), exclude.length ? notInArray(users.id, [...exclude]) : undefined));
  return rows.map((row) => row.id).sort();
}

/** The approvers who may decide on the resource now, and their teams; never `exclude` (the requester). */
export async function approversOf(db: Executor, resourceId: string, exclude: readonly string[]) {
  const policy = await getCurrentPolicy(db, resourceId);
  const teamIds = policy?.approverTeamIds ?? [];
  return { userIds: await teamMembersWithRole(db, teamIds, "approver", exclude), teamIds };
}

/** The control owners of a team, except `exclude`. */
export const ownersOf = (db: Executor, ownerTeamId: string, exclude: readonly string[] = []) => teamMembersWithRole(db, [ownerTeamId], "owner", exclude);
