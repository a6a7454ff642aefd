import "server-only";
// Reads for the API: a requester's own request (with its grant) and own grants. A request or
// grant of someone else answers not found.
import { and, desc, eq } from "drizzle-orm";
import { accessRequests, grants, resources } from "@/db/schema";
import { principalOf, type Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { z } from "zod";
import { grantView, requestView, type GrantView, type RequestView } from "./views";

const resourceRef = { id: resources.id, slug: resources.slug, name: resources.name };
const requestIdInput = z.object({ requestId: z.uuid({ error: "Unknown request." }) });

export async function getOwnRequest(actor: Actor, input: { requestId: string }, deps: Pick<Deps, "db" | "clock">): Promise<RequestView> {
  authorize(actor, "request.read-own");
  const { requestId } = parseInput(requestIdInput, input);
  const [row] = await deps.db
    .select({ request: accessRequests, resource: resourceRef })
    .from(accessRequests)
    .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
    .where(and(eq(accessRequests.id, requestId), eq(accessRequests.requesterUserId, actor.id)));
  if (!row) throw notFound("No such request.");
  const [grant] = await deps.db.select().from(grants).where(eq(grants.requestId, requestId));
  const principal = principalOf(actor);
  return requestView(row.request, row.resource, principal, grant ? grantView(grant, row.resource, principal, deps.clock()) : null);
}

export async function listOwnGrants(actor: Actor, input: { live?: boolean }, deps: Pick<Deps, "db" | "clock">): Promise<GrantView[]> {
  authorize(actor, "grant.read-own");
  const now = deps.clock();
  const rows = await deps.db
    .select({ grant: grants, resource: resourceRef })
    .from(grants)
    .innerJoin(resources, eq(resources.id, grants.resourceId))
    .where(eq(grants.principalUserId, actor.id))
    .orderBy(desc(grants.createdAt))
    .limit(200);
  const principal = principalOf(actor);
  const views = rows.map((r) => grantView(r.grant, r.resource, principal, now));
  return input.live ? views.filter((g) => g.live) : views;
}
