import "server-only";
// A resource's current policy is its highest active version.
import { and, desc, eq, inArray, sql, type AnyColumn } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { policies, type Policy } from "@/db/schema";

export async function getCurrentPolicy(db: Executor, resourceId: string): Promise<Policy | undefined> {
  const [policy] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.resourceId, resourceId), eq(policies.status, "active")))
    .orderBy(desc(policies.version))
    .limit(1);
  return policy;
}

/** SQL for the id of the current policy of the resource in `resourceIdColumn`, for use inside queries. */
export function currentPolicyIdSql(resourceIdColumn: AnyColumn) {
  return sql`(select cp.id from ${policies} cp where cp.resource_id = ${resourceIdColumn} and cp.status = 'active' order by cp.version desc limit 1)`;
}

/** The current policy of every resource, in one query, keyed by resource id. */
export async function getCurrentPolicies(db: Executor, resourceIds?: readonly string[]): Promise<Map<string, Policy>> {
  const rows = await db
    .selectDistinctOn([policies.resourceId])
    .from(policies)
    .where(and(eq(policies.status, "active"), resourceIds ? inArray(policies.resourceId, [...resourceIds]) : undefined))
    .orderBy(policies.resourceId, desc(policies.version));
  return new Map(rows.map((policy) => [policy.resourceId, policy]));
}
