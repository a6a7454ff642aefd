import "server-only";
// The access check for target systems (GET /api/v1/access/check): may principal P use level L
// on resource R right now? Principals are written user:<email> or workload:<name>; the answer
// comes from live grants and the clock (check-access.ts). Only callers allowed to check ask.
import { eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { resources, users, workloadIdentities } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { parseInput } from "@/lib/validation";
import { liveGrantsOf } from "./check-access";

export const accessCheckInput = z.object({
  principal: z
    .string({ error: "Name the principal, e.g. user:alice@example.com or workload:deploy." })
    .trim()
    .max(400)
    .regex(/^(user:[^\s@]+@[^\s@]+|workload:[a-z0-9][a-z0-9._-]{1,62})$/, "Write the principal as user:<email> or workload:<name>."),
  resource: z.string({ error: "Name the resource (its slug or id)." }).trim().min(1, "Name the resource (its slug or id).").max(200),
  level: z.string({ error: "Name the access level." }).trim().min(1, "Name the access level.").max(64),
});

export interface PrincipalAccessAnswer {
  principal: string;
  resource: string;
  level: string;
  allowed: boolean;
  until: string | null;
  checkedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function checkPrincipalAccess(actor: Actor, input: unknown, deps: Pick<Deps, "db" | "clock">): Promise<PrincipalAccessAnswer> {
  authorize(actor, "access.check");
  const query = parseInput(accessCheckInput, input);
  const now = deps.clock();
  const [kind, ...rest] = query.principal.split(":");
  const name = rest.join(":");
  // One round trip: the principal and the resource are looked up inside the grants query. An
  // unknown principal or resource simply matches no grant (the caller learns nothing more).
  const principalId =
    kind === "user"
      ? sql`(select ${users.id} from ${users} where lower(${users.email}) = lower(${name}) and ${users.kind} = 'human')`
      : sql`(select ${workloadIdentities.userId} from ${workloadIdentities} where ${workloadIdentities.name} = ${name})`;
  const resourceMatch = UUID.test(query.resource) ? or(eq(resources.id, query.resource), eq(resources.slug, query.resource)) : eq(resources.slug, query.resource);
  const resourceId = sql`(select ${resources.id} from ${resources} where ${resourceMatch} limit 1)`;
  const answer = await liveGrantsOf(deps.db, { principalUserId: principalId, resourceId, accessLevel: query.level }, now);
  return {
    principal: query.principal,
    resource: query.resource,
    level: query.level,
    allowed: answer.allowed,
    until: answer.until?.toISOString() ?? null,
    checkedAt: now.toISOString(),
  };
}
