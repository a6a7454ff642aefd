import "server-only";
// The policy's limit on live grants one principal may hold on a resource at once. Counted
// when a grant is about to be created, under a transaction-scoped advisory lock per
// principal and resource, so two approvals completing at once cannot both slip under it.
import { and, count, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Executor, Tx } from "@/db/client";
import { grants } from "@/db/schema";

/**
 * Grants that hold, or are about to hold, access: active and not yet over, or on their way to
 * the connector for the first time. An issuance that has failed does not count: DESIGN §4
 * says it never blocks the requester's later requests.
 */
export async function countLiveGrants(db: Executor, principalUserId: string, resourceId: string, now: Date): Promise<number> {
  const [{ n }] = await db
    .select({ n: count() })
    .from(grants)
    .where(
      and(
        eq(grants.principalUserId, principalUserId),
        eq(grants.resourceId, resourceId),
        isNull(grants.revokeRequestedAt),
        or(and(eq(grants.status, "issuing"), eq(grants.issueAttempts, 0)), and(eq(grants.status, "active"), gt(grants.expiresAt, now))),
      ),
    );
  return n;
}

export async function lockPrincipalOnResource(tx: Tx, principalUserId: string, resourceId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`live-grants:${principalUserId}:${resourceId}`}, 0))`);
}

export function liveGrantLimitMessage(limit: number): string {
  return limit === 1
    ? "You already hold live access to this resource; policy allows one grant at a time. Relinquish it or wait until it ends."
    : `You already hold ${limit} live grants on this resource, the most policy allows at once.`;
}
