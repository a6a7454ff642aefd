import "server-only";
// The RACI editor's data: the resource's matrix, every team that could take a letter, and
// the revision the save must name.
import { and, asc, eq } from "drizzle-orm";
import { raciAssignments, resources, teams } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { governedResourcesCondition } from "@/lib/resources/governed-resources";
import type { RaciCell, RaciTeam } from "./rules";

export interface RaciPageView {
  resource: { slug: string; name: string; ownerTeamId: string; revision: number };
  cells: RaciCell[];
  teams: RaciTeam[];
  viewerMayEdit: boolean;
}

export async function getRaciPage(actor: UserActor, slug: string, deps: Pick<Deps, "db">): Promise<RaciPageView | null> {
  authorize(actor, "owner.read");
  const [resource] = await deps.db
    .select({ id: resources.id, slug: resources.slug, name: resources.name, ownerTeamId: resources.ownerTeamId, revision: resources.raciRevision })
    .from(resources)
    .where(and(eq(resources.slug, slug), governedResourcesCondition(actor)));
  if (!resource) return null;
  const [cells, teamRows] = await Promise.all([
    deps.db
      .select({ activity: raciAssignments.activity, teamId: raciAssignments.teamId, letter: raciAssignments.letter })
      .from(raciAssignments)
      .where(eq(raciAssignments.resourceId, resource.id)),
    deps.db.select({ id: teams.id, name: teams.name, function: teams.function }).from(teams).orderBy(asc(teams.name)),
  ]);
  return {
    resource: { slug: resource.slug, name: resource.name, ownerTeamId: resource.ownerTeamId, revision: resource.revision },
    cells,
    teams: teamRows,
    viewerMayEdit: can(actor, "raci.edit"),
  };
}
