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
import { checkAccess } from "./check-access";

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
  const [principal] =
    kind === "user"
      ? await deps.db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${name}) and ${users.kind} = 'human'`)
      : await deps.db.select({ id: workloadIdentities.userId }).from(workloadIdentities).where(eq(workloadIdentities.name, name));
  const [resource] = await deps.db
    .select({ id: resources.id })
    .from(resources)
    .where(UUID.test(query.resource) ? or(eq(resources.id, query.resource), eq(resources.slug, query.resource)) : eq(resources.slug, query.resource));
  // Unknown principal or resource: simply no access (the caller learns nothing more).
  const answer = principal && resource ? await checkAccess(deps.db, { principalUserId: principal.id, resourceId: resource.id, accessLevel: query.level }, now) : null;
  return {
    principal: query.principal,
    resource: query.resource,
    level: query.level,
    allowed: answer?.allowed ?? false,
    until: answer?.until?.toISOString() ?? null,
    checkedAt: now.toISOString(),
  };
}
