import "server-only";
// Ending grants: active grants whose time is up, and grants someone ended early (offboarding,
// relinquish, owner revoke), are revoked through their connector and, once revocation is
// confirmed, marked expired or revoked. Taking due grants uses FOR UPDATE SKIP LOCKED
// plus a lease, so several app instances or workers never revoke the same grant at once,
// and a worker that dies mid-way only delays the grant until its lease runs out.
import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { grants, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, EXPIRY_WORKER } from "@/lib/auth/actor";
import { mapWithConcurrency } from "@/lib/concurrency";
import { connectorFor } from "@/lib/connectors/registry";
import { voidPendingExtensions } from "@/lib/extensions/complete-extension";
import type { Deps } from "@/lib/deps";
import { addMs } from "@/lib/lifecycle/duration";
import { CONNECTOR_LEASE_MS, endingOf, retryDelayMs } from "@/lib/lifecycle/grant-rules";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { log } from "@/lib/log";
import { describeConnectorError, principalsOf, toConnectorGrant } from "./connector-grant";
import { notifyGrantEnded, notifyRevocationOverdue } from "@/lib/notifications/grant-notices";
import { discardGrantSecret } from "./grant-secrets";

export interface ExpirySweepResult {
  expired: number;
  revoked: number;
  failed: number;
}

const ENDABLE = [...new Set([...GRANT_TRANSITIONS.expire.from, ...GRANT_TRANSITIONS.revoke.from])];

async function claimDueGrants(deps: Deps, now: Date, limit: number, onlyIds?: readonly string[]): Promise<Grant[]> {
  const due = deps.db
    .select({ id: grants.id })
    .from(grants)
    .where(
      and(
        onlyIds ? inArray(grants.id, [...onlyIds]) : undefined,
        inArray(grants.status, ENDABLE),
        or(
          and(eq(grants.status, "active"), lte(grants.expiresAt, now)),
          and(isNotNull(grants.revokeRequestedAt), lte(grants.revokeRequestedAt, now)),
        ),
        or(isNull(grants.leaseUntil), lte(grants.leaseUntil, now)),
        or(isNull(grants.nextRevokeAt), lte(grants.nextRevokeAt, now)),
      ),
    )
    .orderBy(asc(sql`coalesce(${grants.revokeRequestedAt}, ${grants.expiresAt})`))
    .limit(limit)
    .for("update", { skipLocked: true });
  return deps.db
    .update(grants)
    .set({ leaseUntil: addMs(now, CONNECTOR_LEASE_MS) })
    .where(inArray(grants.id, due))
    .returning();
}

async function endOne(
  grant: Grant,
  principals: ReadonlyMap<string, string>,
  deps: Deps,
): Promise<"expired" | "revoked" | "failed"> {
  const actor = auditActor(EXPIRY_WORKER);
  const ending = endingOf(grant);
  // A grant ended before it was ever issued has no window; the connector is still told to
  // revoke (idempotently) in case an issuer died after the target had already granted it.
  const window = grant.issuedAt && grant.expiresAt
    ? { issuedAt: grant.issuedAt, expiresAt: grant.expiresAt }
    : { issuedAt: grant.revokeRequestedAt!, expiresAt: grant.revokeRequestedAt! };
  const dueAt = ending === "expire" ? window.expiresAt : grant.revokeRequestedAt!;
  try {
    const connector = connectorFor(deps.connectors, grant.connectorKind);
    const target = toConnectorGrant(grant, principals, window);
    await connector.revoke(target, { db: deps.db, now: deps.clock() });
    const verification = await connector.verify(target, { db: deps.db, now: deps.clock() });
    if (verification.accessPresent) throw new Error("verify found the access still present after revoke");

    const endedAt = deps.clock();
    const t = GRANT_TRANSITIONS[ending];
    return await deps.db.transaction(async (tx) => {
      const [ended] = await tx
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
      if (!ended) return "failed" as const;
      await discardGrantSecret(tx, grant.id);
      await appendAuditEvent(tx, {
        actor,
        action: ending === "expire" ? "grant.expired" : "grant.revoked",
        occurredAt: endedAt,
        resourceId: grant.resourceId,
        requestId: grant.requestId,
        grantId: grant.id,
        details: {
          connector: grant.connectorKind,
          expiresAt: grant.expiresAt?.toISOString() ?? null,
          ...(ending === "revoke"
            ? { revokeRequestedAt: dueAt.toISOString(), reason: grant.revokeReason, requestedBy: grant.revokeRequestedBy, neverIssued: grant.issuedAt === null }
            : {}),
          revokedAt: endedAt.toISOString(),
          lagMs: endedAt.getTime() - dueAt.getTime(),
          attempts: grant.revokeAttempts + 1,
          verification: verification.details,
        },
      });
      // An extension still waiting when the grant ends can never apply: it is void.
      await voidPendingExtensions(tx, grant, { actor, now: endedAt, reason: ending === "expire" ? "expired" : "revoked" });
      await notifyGrantEnded(tx, ended, ending, endedAt);
      return ending === "expire" ? ("expired" as const) : ("revoked" as const);
    });
  } catch (error) {
    const failedAt = deps.clock();
    const attempts = grant.revokeAttempts + 1;
    const reason = describeConnectorError(error);
    log.warn({ grantId: grant.id, attempts, reason }, "revocation failed; grant is overdue and will be retried");
    await deps.db.transaction(async (tx) => {
      const [failed] = await tx
        .update(grants)
        .set({ leaseUntil: null, revokeAttempts: attempts, lastRevokeError: reason, nextRevokeAt: addMs(failedAt, retryDelayMs(attempts)) })
        .where(and(eq(grants.id, grant.id), inArray(grants.status, ENDABLE)))
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
      // Access is denied by the access check already; the owner team hears once that the target lags.
      await notifyRevocationOverdue(tx, failed, failedAt);
    });
    return "failed";
  }
}

export async function expireDueGrants(
  deps: Deps,
  options: { batchSize?: number; concurrency?: number; maxBatches?: number } = {},
): Promise<ExpirySweepResult> {
  const { batchSize = 200, concurrency = 8, maxBatches = 10 } = options;
  const result: ExpirySweepResult = { expired: 0, revoked: 0, failed: 0 };
  for (let batch = 0; batch < maxBatches; batch++) {
    const claimed = await claimDueGrants(deps, deps.clock(), batchSize);
    // One lookup of principals per batch, not one per grant.
    const principals = await principalsOf(deps.db, claimed.map((grant) => grant.principalUserId));
    const outcomes = await mapWithConcurrency(claimed, concurrency, (grant) => endOne(grant, principals, deps));
    for (const outcome of outcomes) result[outcome]++;
    if (claimed.length < batchSize) break;
  }
  return result;
}

/**
 * Ends the given grants now if they are due (a person just ended them early), instead of
 * waiting for the next sweep. Correctness never depends on it: the sweep would end them too.
 */
export async function endGrantsNow(grantIds: readonly string[], deps: Deps): Promise<ExpirySweepResult> {
  const result: ExpirySweepResult = { expired: 0, revoked: 0, failed: 0 };
  if (grantIds.length === 0) return result;
  const claimed = await claimDueGrants(deps, deps.clock(), grantIds.length, grantIds);
  const principals = await principalsOf(deps.db, claimed.map((grant) => grant.principalUserId));
  const outcomes = await mapWithConcurrency(claimed, 8, (grant) => endOne(grant, principals, deps));
  for (const outcome of outcomes) result[outcome]++;
  return result;
}
