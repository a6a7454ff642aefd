import "server-only";
// People, their roles and their teams, for administrators.
import { asc, eq } from "drizzle-orm";
import { memberships, teams, userRoles, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export interface UserView {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  roles: string[];
  teams: string[];
}

export async function listUsers(actor: UserActor, deps: Pick<Deps, "db">): Promise<UserView[]> {
  authorize(actor, "admin.read");
  const [people, roles, teamRows] = await Promise.all([
    deps.db.select().from(users).where(eq(users.kind, "human")).orderBy(asc(users.email)),
    deps.db.select().from(userRoles),
    deps.db.select({ userId: memberships.userId, team: teams.name }).from(memberships).innerJoin(teams, eq(teams.id, memberships.teamId)),
  ]);
  return people.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    disabled: user.disabled,
    roles: roles.filter((r) => r.userId === user.id).map((r) => r.role).sort(),
    teams: teamRows.filter((t) => t.userId === user.id).map((t) => t.team).sort(),
  }));
}
