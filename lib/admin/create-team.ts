import "server-only";
// An admin adds a team. Its function (DevOps, IAM, PAM, …) is what RACI rule 4 looks for.
import { sql } from "drizzle-orm";
import { teams, type Team } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { invalid } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { lockActingAdmin } from "./lock-acting-admin";
import { createTeamInput, type CreateTeamInput } from "./schemas";

export const DUPLICATE_SLUG = "Another team already uses this slug.";
export const DUPLICATE_TEAM_NAME = "Another team already has this name.";

export async function createTeam(actor: UserActor, input: CreateTeamInput, deps: Deps): Promise<Team> {
  authorize(actor, "admin.manage");
  const data = parseInput(createTeamInput, input);
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    await lockActingAdmin(tx, actor);
    // Names are not unique in the schema; this only spares people two teams they cannot tell apart.
    const [sameName] = await tx.select({ id: teams.id }).from(teams).where(sql`lower(${teams.name}) = lower(${data.name})`);
    if (sameName) throw invalid("Some fields need attention.", { name: [DUPLICATE_TEAM_NAME] });
    const [created] = await tx
      .insert(teams)
      .values({ ...data, createdAt: now })
      .onConflictDoNothing({ target: teams.slug })
      .returning();
    if (!created) throw invalid("Some fields need attention.", { slug: [DUPLICATE_SLUG] });
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "team.created",
      occurredAt: now,
      details: { teamId: created.id, name: created.name, slug: created.slug, function: created.function },
    });
    return created;
  });
}
