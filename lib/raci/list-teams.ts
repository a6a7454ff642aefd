import "server-only";
// Team names for filters, for anyone who may read the RACI.
import { asc } from "drizzle-orm";
import { teams } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export async function listTeams(actor: UserActor, deps: Pick<Deps, "db">) {
  authorize(actor, "raci.read");
  return deps.db.select({ id: teams.id, name: teams.name, function: teams.function }).from(teams).orderBy(asc(teams.name));
}
