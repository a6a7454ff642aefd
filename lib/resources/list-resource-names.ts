import "server-only";
// Resource names for filters on evidence pages (auditors see every resource).
import { asc } from "drizzle-orm";
import { resources } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export async function listResourceNames(actor: UserActor, deps: Pick<Deps, "db">): Promise<{ id: string; name: string }[]> {
  authorize(actor, "audit.read");
  return deps.db.select({ id: resources.id, name: resources.name }).from(resources).orderBy(asc(resources.name));
}
