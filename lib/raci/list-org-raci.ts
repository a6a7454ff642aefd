import "server-only";
// The organisation-wide RACI view: every resource × activity with its accountable and
// responsible teams and its gaps, optionally narrowed to one team ("what is IAM accountable
// for?"). Read-only; the CSV export walks the same rows.
import { asc, eq } from "drizzle-orm";
import { CONTROL_ACTIVITIES, type ControlActivity, type RaciLetter } from "@/db/enums";
import { resources, teams } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { getGovernanceOf } from "./get-governance-gaps";

export interface OrgRaciCell {
  accountable: string[];
  responsible: string[];
  consulted: string[];
  informed: string[];
  /** The filtered team's letter here, when filtering by team. */
  teamLetter: RaciLetter | null;
  hasGap: boolean;
}

export interface OrgRaciRow {
  slug: string;
  name: string;
  ownerTeam: string;
  activities: Record<ControlActivity, OrgRaciCell>;
  gaps: string[];
}

export interface OrgRaciFilter {
  teamId?: string | null;
  /** With a team: only the resources where that team holds this letter somewhere. */
  letter?: RaciLetter | null;
}

export async function listOrgRaci(actor: UserActor, filter: OrgRaciFilter, deps: Pick<Deps, "db">): Promise<OrgRaciRow[]> {
  authorize(actor, "raci.read");
  const [all, teamRows] = await Promise.all([
    deps.db
      .select({ id: resources.id, slug: resources.slug, name: resources.name, ownerTeam: teams.name })
      .from(resources)
      .innerJoin(teams, eq(teams.id, resources.ownerTeamId))
      .orderBy(asc(resources.name)),
    deps.db.select({ id: teams.id, name: teams.name }).from(teams),
  ]);
  const governance = await getGovernanceOf(deps.db, all.map((r) => r.id));
  const nameOf = (id: string) => teamRows.find((t) => t.id === id)?.name ?? "unknown team";

  const rows: OrgRaciRow[] = [];
  for (const resource of all) {
    const gov = governance.get(resource.id)!;
    const gapActivities = new Set(gov.gaps.map((g) => g.activity));
    const activities = Object.fromEntries(
      CONTROL_ACTIVITIES.map((activity) => {
        const here = gov.cells.filter((c) => c.activity === activity);
        const withLetter = (letter: RaciLetter) => here.filter((c) => c.letter === letter).map((c) => nameOf(c.teamId));
        const cell: OrgRaciCell = {
          accountable: withLetter("A"),
          responsible: withLetter("R"),
          consulted: withLetter("C"),
          informed: withLetter("I"),
          teamLetter: filter.teamId ? (here.find((c) => c.teamId === filter.teamId)?.letter ?? null) : null,
          hasGap: gapActivities.has(activity),
        };
        return [activity, cell];
      }),
    ) as Record<ControlActivity, OrgRaciCell>;

    if (filter.teamId) {
      const letters = Object.values(activities).map((c) => c.teamLetter);
      if (filter.letter ? !letters.includes(filter.letter) : letters.every((l) => l === null)) continue;
    }
    rows.push({ slug: resource.slug, name: resource.name, ownerTeam: resource.ownerTeam, activities, gaps: gov.gaps.map((g) => g.message) });
  }
  return rows;
}
