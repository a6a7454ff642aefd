import "server-only";
// A control owner (or admin) saves a resource's RACI matrix as a whole: the cells are
// replaced in one transaction with an audit event holding before, after and the gaps that
// remain. The save names the revision it edited; a concurrent save in between is refused
// rather than silently overwritten.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { CONTROL_ACTIVITIES, RACI_LETTERS } from "@/db/enums";
import { raciAssignments, resources, teams } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, invalid } from "@/lib/errors";
import { lockGovernedResource } from "@/lib/resources/governed-resources";
import { parseInput } from "@/lib/validation";
import { findGovernanceGaps, type GovernanceGap, type RaciCell } from "./rules";

export const saveRaciInput = z.object({
  resourceSlug: z.string().min(1).max(100),
  // Compared in SQL with an integer column: a larger number would fail the query, not the input.
  revision: z.coerce.number().int().min(0).max(2_147_483_647, "Reload the page and try again."),
  cells: z
    .array(
      z.object({
        activity: z.enum(CONTROL_ACTIVITIES, { error: "Unknown control activity." }),
        teamId: z.uuid({ error: "Unknown team." }),
        letter: z.enum(RACI_LETTERS, { error: "Use R, A, C or I." }),
      }),
    )
    .max(CONTROL_ACTIVITIES.length * 200)
    .refine(
      (cells) => new Set(cells.map((c) => `${c.activity}:${c.teamId}`)).size === cells.length,
      "Each team has at most one letter per activity.",
    ),
});
export type SaveRaciInput = z.input<typeof saveRaciInput>;

export interface SavedRaci {
  revision: number;
  gaps: GovernanceGap[];
}

const sortCells = (cells: RaciCell[]) =>
  [...cells].sort((a, b) => a.activity.localeCompare(b.activity) || a.teamId.localeCompare(b.teamId));

export async function saveRaci(actor: UserActor, input: SaveRaciInput, deps: Deps): Promise<SavedRaci> {
  authorize(actor, "raci.edit");
  const { resourceSlug, revision, cells } = parseInput(saveRaciInput, input);
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    const resource = await lockGovernedResource(tx, actor, resourceSlug);
    const [bumped] = await tx
      .update(resources)
      .set({ raciRevision: sql`${resources.raciRevision} + 1` })
      .where(and(eq(resources.id, resource.id), eq(resources.raciRevision, revision)))
      .returning({ revision: resources.raciRevision });
    if (!bumped) throw conflict("Someone saved this matrix while you were editing it. Reload to see their change, then edit again.");

    const teamIds = [...new Set([resource.ownerTeamId, ...cells.map((c) => c.teamId)])];
    const teamRows = await tx.select({ id: teams.id, name: teams.name, function: teams.function }).from(teams).where(inArray(teams.id, teamIds));
    if (teamRows.length !== teamIds.length) throw invalid("One of the teams in the matrix does not exist any more.", { cells: ["Reload the page: a team was removed."] });

    const before = sortCells(
      await tx
        .select({ activity: raciAssignments.activity, teamId: raciAssignments.teamId, letter: raciAssignments.letter })
        .from(raciAssignments)
        .where(eq(raciAssignments.resourceId, resource.id)),
    );
    const after = sortCells(cells);
    if (JSON.stringify(before) === JSON.stringify(after)) throw invalid("Nothing changed in the matrix.");

    await tx.delete(raciAssignments).where(eq(raciAssignments.resourceId, resource.id));
    if (after.length) await tx.insert(raciAssignments).values(after.map((cell) => ({ resourceId: resource.id, ...cell })));

    const gaps = findGovernanceGaps(after, resource.ownerTeamId, teamRows);
    const nameOf = (id: string) => teamRows.find((t) => t.id === id)?.name ?? id;
    const readable = (list: RaciCell[]) => list.map((c) => ({ ...c, team: nameOf(c.teamId) }));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "raci.updated",
      occurredAt: now,
      resourceId: resource.id,
      details: { revision: bumped.revision, before: readable(before), after: readable(after), gaps: gaps.map((g) => g.message) },
    });
    return { revision: bumped.revision, gaps };
  });
}
