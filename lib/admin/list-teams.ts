import "server-only";
// Teams for administrators: what each is for, how many people are in it, what it owns.
import { asc, count, eq } from "drizzle-orm";
import { memberships, resources, teams, users, type TeamFunction } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { isUuid } from "./schemas";

export interface TeamView {
  id: string;
  slug: string;
  name: string;
  function: TeamFunction;
  memberCount: number;
  ownedResourceCount: number;
}

export async function listTeams(actor: UserActor, deps: Pick<Deps, "db">): Promise<TeamView[]> {
  authorize(actor, "admin.read");
  const [rows, members, owned] = await Promise.all([
    deps.db.select().from(teams).orderBy(asc(teams.name)),
    deps.db.select({ teamId: memberships.teamId, n: count() }).from(memberships).groupBy(memberships.teamId),
    deps.db.select({ teamId: resources.ownerTeamId, n: count() }).from(resources).groupBy(resources.ownerTeamId),
  ]);
  const countOf = (list: { teamId: string; n: number }[], id: string) => list.find((row) => row.teamId === id)?.n ?? 0;
  return rows.map((team) => ({
    id: team.id,
    slug: team.slug,
    name: team.name,
    function: team.function,
    memberCount: countOf(members, team.id),
    ownedResourceCount: countOf(owned, team.id),
  }));
}

export interface TeamDetailView extends TeamView {
  members: { id: string; name: string; email: string; disabled: boolean }[];
}

/** One team with its members, or null when there is no such team (the page answers 404). */
export async function getTeam(actor: UserActor, teamId: string, deps: Pick<Deps, "db">): Promise<TeamDetailView | null> {
  authorize(actor, "admin.read");
  if (!isUuid(teamId)) return null;
  const [team] = await deps.db.select().from(teams).where(eq(teams.id, teamId));
  if (!team) return null;
  const [members, [owned]] = await Promise.all([
    deps.db
      .select({ id: users.id, name: users.name, email: users.email, disabled: users.disabled })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.teamId, teamId))
      .orderBy(asc(users.email)),
    deps.db.select({ n: count() }).from(resources).where(eq(resources.ownerTeamId, teamId)),
  ]);
  return {
    id: team.id,
    slug: team.slug,
    name: team.name,
    function: team.function,
    memberCount: members.length,
    ownedResourceCount: owned.n,
    members,
  };
}
