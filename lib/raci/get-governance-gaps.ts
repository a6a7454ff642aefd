import "server-only";
// Reads a resource's RACI matrix and judges it by the rules of DESIGN §2.
import { eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
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

/**
 * The matrix and gaps of several resources in one query, keyed by resource id. Every path that
 * gives out access asks this, so it reads only the teams the matrices name (and the owners).
 */
export async function getGovernanceOf(db: Executor, resourceIds: readonly string[]): Promise<Map<string, ResourceGovernance>> {
  if (resourceIds.length === 0) return new Map();
  const ownerTeam = alias(teams, "owner_team");
  const rows = await db
    .select({
      resourceId: resources.id,
      ownerTeamId: resources.ownerTeamId,
      ownerName: ownerTeam.name,
      ownerFunction: ownerTeam.function,
      activity: raciAssignments.activity,
      teamId: raciAssignments.teamId,
      letter: raciAssignments.letter,
      teamName: teams.name,
      teamFunction: teams.function,
    })
    .from(resources)
    .innerJoin(ownerTeam, eq(ownerTeam.id, resources.ownerTeamId))
    .leftJoin(raciAssignments, eq(raciAssignments.resourceId, resources.id))
    .leftJoin(teams, eq(teams.id, raciAssignments.teamId))
    .where(inArray(resources.id, [...resourceIds]));
  const byResource = new Map<string, typeof rows>();
  for (const row of rows) byResource.set(row.resourceId, [...(byResource.get(row.resourceId) ?? []), row]);
  return new Map(
    [...byResource].map(([resourceId, mine]) => {
      const { ownerTeamId, ownerName, ownerFunction } = mine[0];
      const cells: RaciCell[] = mine.flatMap((r) => (r.activity && r.teamId && r.letter ? [{ activity: r.activity, teamId: r.teamId, letter: r.letter }] : []));
      const named = new Map([[ownerTeamId, { id: ownerTeamId, name: ownerName, function: ownerFunction }]]);
      for (const r of mine) if (r.teamId && r.teamName && r.teamFunction) named.set(r.teamId, { id: r.teamId, name: r.teamName, function: r.teamFunction });
      return [resourceId, { cells, gaps: findGovernanceGaps(cells, ownerTeamId, [...named.values()]), ownerTeam: { id: ownerTeamId, name: ownerName } }];
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
