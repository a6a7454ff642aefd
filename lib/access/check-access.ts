import "server-only";
// The access check: does a principal hold a level on a resource right now? Answered from
// live grants and the clock, never from the ledger status alone, so access ends at
// expires_at even while the worker is still revoking. Overlapping grants are independent:
// access holds while any one of them is live.
import { and, asc, eq, gt, isNull, lte, type Placeholder } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { grants } from "@/db/schema";

/** SQL twin of isGrantLive (lib/lifecycle/grant-rules.ts). `now` may be a prepared statement's placeholder. */
export function liveGrantCondition(now: Date | Placeholder) {
  return and(eq(grants.status, "active"), isNull(grants.revokeRequestedAt), lte(grants.issuedAt, now), gt(grants.expiresAt, now))!;
}

export interface AccessQuery {
  principalUserId: string;
  resourceId: string;
  accessLevel: string;
}

export interface AccessAnswer {
  allowed: boolean;
  /** Until when access is certain (the latest expiry among live grants). */
  until: Date | null;
  grantIds: string[];
}

export async function checkAccess(db: Executor, query: AccessQuery, now: Date): Promise<AccessAnswer> {
  const live = await db
    .select({ id: grants.id, expiresAt: grants.expiresAt })
    .from(grants)
    .where(
      and(
        eq(grants.principalUserId, query.principalUserId),
        eq(grants.resourceId, query.resourceId),
        eq(grants.accessLevel, query.accessLevel),
        liveGrantCondition(now),
      ),
    )
    .orderBy(asc(grants.expiresAt));
  return {
    allowed: live.length > 0,
    until: live.length ? live[live.length - 1].expiresAt : null,
    grantIds: live.map((g) => g.id),
  };
}
