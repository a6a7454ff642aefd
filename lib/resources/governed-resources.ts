import "server-only";
// Which resources an actor governs (DESIGN §1): a control owner governs the resources of
// their own team, an admin governs every resource. The rule goes into the query, so a
// resource someone does not govern is simply not found.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { resources, type Resource } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { notFound } from "@/lib/errors";

const NOTHING = sql`false`;

/** Owns resource R = has the owner role and belongs to R's control owner team. */
export function ownedResourcesCondition(actor: UserActor): SQL {
  if (!actor.roles.includes("owner") || actor.teamIds.length === 0) return NOTHING;
  return inArray(resources.ownerTeamId, [...actor.teamIds]);
}

/** Owners govern what they own; admins govern everything. */
export function governedResourcesCondition(actor: UserActor): SQL | undefined {
  if (actor.roles.includes("admin")) return undefined;
  return ownedResourcesCondition(actor);
}

export function ownsResource(actor: UserActor, resource: Pick<Resource, "ownerTeamId">): boolean {
  return actor.roles.includes("owner") && actor.teamIds.includes(resource.ownerTeamId);
}

/**
 * The resource with this slug if the actor governs it, row-locked for the rest of the
 * transaction so policy and RACI changes to one resource happen one after another.
 */
export async function lockGovernedResource(tx: Tx, actor: UserActor, slug: string): Promise<Resource> {
  const [resource] = await tx
    .select()
    .from(resources)
    .where(and(eq(resources.slug, slug), governedResourcesCondition(actor)))
    .for("update");
  if (!resource) throw notFound("No such resource.");
  return resource;
}
