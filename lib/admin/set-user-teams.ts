import "server-only";
// An admin sets the teams a person belongs to. Teams decide what they may request, approve
// and own, read from the database on every request, so the change applies at once.
import { and, eq, inArray } from "drizzle-orm";
import { memberships, teams } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { knownTeams, teamNamesOf } from "./known-teams";
import { lockActingAdmin } from "./lock-acting-admin";
import { setUserTeamsInput, type SetUserTeamsInput } from "./schemas";

export interface TeamsChange {
  userId: string;
  before: string[];
  after: string[];
  changed: boolean;
}

export async function setUserTeams(actor: UserActor, input: SetUserTeamsInput, deps: Deps): Promise<TeamsChange> {
  authorize(actor, "admin.manage");
  const { userId, teamIds } = parseInput(setUserTeamsInput, input);
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    // The target's row lock serialises every change to their memberships, so `before` stays true until commit.
    const target = (await lockActingAdmin(tx, actor, [userId])).get(userId);
    if (!target) throw notFound("No such user.");
    const chosen = await knownTeams(tx, teamIds);
    const current = await tx
      .select({ id: teams.id, name: teams.name })
      .from(memberships)
      .innerJoin(teams, eq(teams.id, memberships.teamId))
      .where(eq(memberships.userId, userId));
    const before = current.map((t) => t.id).sort();
    const removed = before.filter((id) => !teamIds.includes(id));
    const added = teamIds.filter((id) => !before.includes(id));
    if (removed.length === 0 && added.length === 0) return { userId, before, after: before, changed: false };

    if (removed.length) await tx.delete(memberships).where(and(eq(memberships.userId, userId), inArray(memberships.teamId, removed)));
    if (added.length) await tx.insert(memberships).values(added.map((teamId) => ({ userId, teamId })));
    const names = [...current, ...chosen];
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "user.teams_changed",
      occurredAt: now,
      details: {
        userId,
        email: target.email,
        before: { teams: teamNamesOf(names, before) },
        after: { teams: teamNamesOf(names, teamIds) },
        added: teamNamesOf(names, added),
        removed: teamNamesOf(names, removed),
        teamIds,
      },
    });
    return { userId, before, after: teamIds, changed: true };
  });
}
