import "server-only";
// The access check for target systems (GET /api/v1/access/check): may principal P use level L
// on resource R right now? Principals are written user:<email> or workload:<name>; the answer
// comes from live grants and the clock (check-access.ts). Only callers allowed to check ask.
import { and, asc, eq, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { prepareOnce } from "@/db/prepare-once";
import { z } from "zod";
import { grants, resources, users, workloadIdentities } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { parseInput } from "@/lib/validation";
import { liveGrantCondition } from "./check-access";

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

/** The live grants of one principal on one resource and level, as check-access.ts defines them. */
const liveGrantsStatement = (db: Executor, kind: "user" | "workload", resourceById: boolean) =>
  prepareOnce(db, `access-check:${kind}:${resourceById ? "id" : "slug"}`, () => {
    const name = sql.placeholder("name");
    const resource = sql.placeholder("resource");
    const principalId =
      kind === "user"
        ? sql`(select ${users.id} from ${users} where lower(${users.email}) = lower(${name}) and ${users.kind} = 'human')`
        : sql`(select ${workloadIdentities.userId} from ${workloadIdentities} where ${workloadIdentities.name} = ${name})`;
    const resourceMatch = resourceById ? or(eq(resources.id, resource), eq(resources.slug, resource)) : eq(resources.slug, resource);
    const resourceId = sql`(select ${resources.id} from ${resources} where ${resourceMatch} limit 1)`;
    return db
      .select({ id: grants.id, expiresAt: grants.expiresAt })
      .from(grants)
      .where(
        and(
          eq(grants.principalUserId, principalId),
          eq(grants.resourceId, resourceId),
          eq(grants.accessLevel, sql.placeholder("level")),
          liveGrantCondition(sql.placeholder("now")),
        ),
      )
      .orderBy(asc(grants.expiresAt))
      .prepare(`access_check_${kind}_${resourceById ? "id" : "slug"}`);
  });

export async function checkPrincipalAccess(actor: Actor, input: unknown, deps: Pick<Deps, "db" | "clock">): Promise<PrincipalAccessAnswer> {
  authorize(actor, "access.check");
  const query = parseInput(accessCheckInput, input);
  const now = deps.clock();
  const [kind, ...rest] = query.principal.split(":");
  const name = rest.join(":");
  // One round trip: the principal and the resource are looked up inside the grants query. An
  // unknown principal or resource simply matches no grant (the caller learns nothing more).
  const byId = UUID.test(query.resource);
  const live = await liveGrantsStatement(deps.db, kind === "user" ? "user" : "workload", byId).execute({
    name,
    resource: query.resource,
    level: query.level,
    now: now.toISOString(),
  });
  const answer = { allowed: live.length > 0, until: live.length ? live[live.length - 1].expiresAt : null };
  return {
    principal: query.principal,
    resource: query.resource,
    level: query.level,
    allowed: answer.allowed,
    until: answer.until?.toISOString() ?? null,
    checkedAt: now.toISOString(),
  };
}
