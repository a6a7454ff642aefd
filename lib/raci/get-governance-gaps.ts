import "server-only";
// Reads a resource's RACI matrix and judges it by the rules of DESIGN §2.
import { eq, inArray } from "drizzle-orm";
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
  const [resource] = await db.select({ ownerTeamId: resources.ownerTeamId }).from(resources).where(eq(resources.id, resourceId));
  if (!resource) return null;
  const cells = await db
    .select({ activity: raciAssignments.activity, teamId: raciAssignments.teamId, letter: raciAssignments.letter })
    .from(raciAssignments)
    .where(eq(raciAssignments.resourceId, resourceId));
  const teamIds = [...new Set([resource.ownerTeamId, ...cells.map((c) => c.teamId)])];
  const teamRows = await db.select({ id: teams.id, name: teams.name, function: teams.function }).from(teams).where(inArray(teams.id, teamIds));
  const owner = teamRows.find((t) => t.id === resource.ownerTeamId)!;
  return { cells, gaps: findGovernanceGaps(cells, resource.ownerTeamId, teamRows), ownerTeam: { id: owner.id, name: owner.name } };
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
