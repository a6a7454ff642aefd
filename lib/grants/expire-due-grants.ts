import "server-only";
// Expiry: active grants whose time is up are revoked through their connector and, once
// revocation is confirmed, marked expired. Taking due grants uses FOR UPDATE SKIP LOCKED
// plus a lease, so several app instances or workers never revoke the same grant at once,
// and a worker that dies mid-way only delays the grant until its lease runs out.
import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { grants, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, EXPIRY_WORKER } from "@/lib/auth/actor";
import { mapWithConcurrency } from "@/lib/concurrency";
import { connectorFor } from "@/lib/connectors/registry";
import type { Deps } from "@/lib/deps";
import { addMs } from "@/lib/lifecycle/duration";
import { CONNECTOR_LEASE_MS, retryDelayMs } from "@/lib/lifecycle/grant-rules";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { log } from "@/lib/log";
import { describeConnectorError, principalsOf, toConnectorGrant } from "./connector-grant";

export interface ExpirySweepResult {
  expired: number;
  failed: number;
}

async function claimDueGrants(deps: Deps, now: Date, limit: number): Promise<Grant[]> {
  const due = deps.db
    .select({ id: grants.id })
    .from(grants)
    .where(
      and(
        inArray(grants.status, GRANT_TRANSITIONS.expire.from),
        lte(grants.expiresAt, now),
        or(isNull(grants.leaseUntil), lte(grants.leaseUntil, now)),
        or(isNull(grants.nextRevokeAt), lte(grants.nextRevokeAt, now)),
      ),
    )
    .orderBy(asc(grants.expiresAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return deps.db
    .update(grants)
    .set({ leaseUntil: addMs(now, CONNECTOR_LEASE_MS) })
    .where(inArray(grants.id, due))
    .returning();
}

async function expireOne(grant: Grant, principals: ReadonlyMap<string, string>, deps: Deps): Promise<boolean> {
  const actor = auditActor(EXPIRY_WORKER);
  const window = { issuedAt: grant.issuedAt!, expiresAt: grant.expiresAt! };
  try {
    const connector = connectorFor(deps.connectors, grant.connectorKind);
    const target = toConnectorGrant(grant, principals, window);
    await connector.revoke(target, { db: deps.db, now: deps.clock() });
    const verification = await connector.verify(target, { db: deps.db, now: deps.clock() });
    if (verification.accessPresent) throw new Error("verify found the access still present after revoke");

    const endedAt = deps.clock();
    const t = GRANT_TRANSITIONS.expire;
    await deps.db.transaction(async (tx) => {
      const [expired] = await tx
        .update(grants)
        .set({
          status: t.to,
          endedAt,
          leaseUntil: null,
          nextRevokeAt: null,
          revokeAttempts: grant.revokeAttempts + 1,
          revokeVerifiedAt: endedAt,
          revokeEvidence: verification.details,
        })
        .where(and(eq(grants.id, grant.id), inArray(grants.status, t.from)))
        .returning();
      if (!expired) return;
      await appendAuditEvent(tx, {
        actor,
        action: "grant.expired",
        occurredAt: endedAt,
        resourceId: grant.resourceId,
        requestId: grant.requestId,
        grantId: grant.id,
        details: {
          connector: grant.connectorKind,
          expiresAt: window.expiresAt.toISOString(),
          revokedAt: endedAt.toISOString(),
          lagMs: endedAt.getTime() - window.expiresAt.getTime(),
          attempts: grant.revokeAttempts + 1,
          verification: verification.details,
        },
      });
    });
    return true;
  } catch (error) {
    const failedAt = deps.clock();
    const attempts = grant.revokeAttempts + 1;
    const reason = describeConnectorError(error);
    log.warn({ grantId: grant.id, attempts, reason }, "revocation failed; grant is overdue and will be retried");
    await deps.db.transaction(async (tx) => {
      const [failed] = await tx
        .update(grants)
        .set({ leaseUntil: null, revokeAttempts: attempts, lastRevokeError: reason, nextRevokeAt: addMs(failedAt, retryDelayMs(attempts)) })
        .where(and(eq(grants.id, grant.id), inArray(grants.status, GRANT_TRANSITIONS.expire.from)))
        .returning();
      if (!failed) return;
      await appendAuditEvent(tx, {
        actor,
        action: "grant.revoke_failed",
        occurredAt: failedAt,
        resourceId: grant.resourceId,
        requestId: grant.requestId,
        grantId: grant.id,
        details: { connector: grant.connectorKind, attempt: attempts, reason, nextAttemptAt: failed.nextRevokeAt?.toISOString() },
      });
    });
    return false;
  }
}

export async function expireDueGrants(
  deps: Deps,
  options: { batchSize?: number; concurrency?: number; maxBatches?: number } = {},
): Promise<ExpirySweepResult> {
  const { batchSize = 200, concurrency = 8, maxBatches = 10 } = options;
  const result: ExpirySweepResult = { expired: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await claimDueGrants(deps, deps.clock(), batchSize);
    // One lookup of principals per batch, not one per grant.
    const principals = await principalsOf(deps.db, claimed.map((grant) => grant.principalUserId));
    const outcomes = await mapWithConcurrency(claimed, concurrency, (grant) => expireOne(grant, principals, deps));
    for (const ok of outcomes) ok ? result.expired++ : result.failed++;
    if (claimed.length < batchSize) break;
  }
  return result;
}
