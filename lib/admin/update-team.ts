import "server-only";
// An admin renames a team or changes its slug or function. Changing the function can open a
// governance gap (RACI rule 4 looks for DevOps, IAM and PAM by function); the owner and RACI
// pages show it at once.
import { and, eq, ne, sql } from "drizzle-orm";
import { teams, type Team } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db-errors";
import type { Deps } from "@/lib/deps";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { DUPLICATE_SLUG, DUPLICATE_TEAM_NAME } from "./create-team";
import { lockActingAdmin } from "./lock-acting-admin";
import { updateTeamInput, type UpdateTeamInput } from "./schemas";

const FIELDS = ["name", "slug", "function"] as const;

export async function updateTeam(actor: UserActor, input: UpdateTeamInput, deps: Deps): Promise<{ team: Team; changed: boolean }> {
  authorize(actor, "admin.manage");
  const { teamId, ...next } = parseInput(updateTeamInput, input);
  const now = deps.clock();

  try {
    return await deps.db.transaction(async (tx) => {
      await lockActingAdmin(tx, actor);
      // Locked, so `before` is what this update replaces even with two admins editing at once.
      const [before] = await tx.select().from(teams).where(eq(teams.id, teamId)).for("no key update");
      if (!before) throw notFound("No such team.");
      const changedFields = FIELDS.filter((field) => before[field] !== next[field]);
      if (changedFields.length === 0) return { team: before, changed: false };

      const [sameName] = await tx
        .select({ id: teams.id })
        .from(teams)
        .where(and(ne(teams.id, teamId), sql`lower(${teams.name}) = lower(${next.name})`));
      if (sameName) throw invalid("Some fields need attention.", { name: [DUPLICATE_TEAM_NAME] });
      const [after] = await tx.update(teams).set(next).where(eq(teams.id, teamId)).returning();
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "team.updated",
        occurredAt: now,
        details: {
          teamId,
          before: Object.fromEntries(changedFields.map((field) => [field, before[field]])),
          after: Object.fromEntries(changedFields.map((field) => [field, after[field]])),
        },
      });
      return { team: after, changed: true };
    });
  } catch (error) {
    // The unique slug index decides; a transaction that hit it has rolled back.
    if (isUniqueViolation(error)) throw invalid("Some fields need attention.", { slug: [DUPLICATE_SLUG] });
    throw error;
  }
}
