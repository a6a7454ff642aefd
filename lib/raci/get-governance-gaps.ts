import "server-only";
// Reads a resource's RACI matrix and judges it by the rules of DESIGN §2.
import { inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { raciAssignments, resources, teams } from "@/db/schema";
import { ServiceError } from "@/lib/errors";
import { findGovernanceGaps, type GovernanceGap, type RaciCell } from "./rules";

export interface ResourceGovernance {
  cells: RaciCell[];
  gaps: GovernanceGap[];
  ownerTeam: { id: string; name: string };
}

export async function getGovernance(db: Executor, resourceId: string): Promise<ResourceGovernance | null> {
  return (await getGovernanceOf(db, [resourceId])).get(resourceId) ?? null;
}

/** The matrix and gaps of several resources in three queries, keyed by resource id. */
export async function getGovernanceOf(db: Executor, resourceIds: readonly string[]): Promise<Map<string, ResourceGovernance>> {
  if (resourceIds.length === 0) return new Map();
  const ids = [...resourceIds];
  const [owned, cells, teamRows] = await Promise.all([
    db.select({ id: resources.id, ownerTeamId: resources.ownerTeamId }).from(resources).where(inArray(resources.id, ids)),
    db
      .select({ resourceId: raciAssignments.resourceId, activity: raciAssignments.activity, teamId: raciAssignments.teamId, letter: raciAssignments.letter })
      .from(raciAssignments)
      .where(inArray(raciAssignments.resourceId, ids)),
    // Every team: there are few, and the owner team of each resource is among them.
    db.select({ id: teams.id, name: teams.name, function: teams.function }).from(teams),
  ]);
  return new Map(
    owned.map((resource) => {
      const mine = cells.filter((c) => c.resourceId === resource.id).map(({ activity, teamId, letter }) => ({ activity, teamId, letter }));
      const owner = teamRows.find((t) => t.id === resource.ownerTeamId)!;
      return [
        resource.id,
        { cells: mine, gaps: findGovernanceGaps(mine, resource.ownerTeamId, teamRows), ownerTeam: { id: owner.id, name: owner.name } },
      ];
    }),
  );
}

/** The sentence a requester (or approver) reads when a gap blocks them, naming who owns the fix. */
export function describeGapBlock(governance: ResourceGovernance): string {
  const first = governance.gaps[0]?.message ?? "";
  const more = governance.gaps.length > 1 ? ` (and ${governance.gaps.length - 1} more)` : "";
  return `This resource has a governance gap, so it accepts no requests: ${first}${more} The control owner team, ${governance.ownerTeam.name}, owns the fix.`;
}

/** Refuses when the resource has a governance gap. `field` names the form field the message belongs to. */
export async function assertNoGovernanceGap(
  db: Executor,
  resourceId: string,
  refuse: (message: string) => ServiceError,
): Promise<void> {
  const governance = await getGovernance(db, resourceId);
  if (governance && governance.gaps.length) throw refuse(describeGapBlock(governance));
}
