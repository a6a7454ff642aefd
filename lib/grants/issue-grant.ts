import "server-only";
// Issuance: approved → issuing → active. The connector is called outside any transaction,
// after the approval committed; its outcome is a transition of its own. A failure leaves
// the grant issuing, visible, and due for a retry with backoff; it blocks nobody.
import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import { grants, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, ISSUER } from "@/lib/auth/actor";
import { connectorFor } from "@/lib/connectors/registry";
import type { Deps } from "@/lib/deps";
import { addMs } from "@/lib/lifecycle/duration";
import { CONNECTOR_LEASE_MS, grantWindow, retryDelayMs } from "@/lib/lifecycle/grant-rules";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { log } from "@/lib/log";
import { describeConnectorError, principalsOf, toConnectorGrant } from "./connector-grant";
import { notifyGrantIssued } from "@/lib/notifications/grant-notices";
import { storeGrantSecret } from "./grant-secrets";

export type IssueOutcome = "issued" | "failed" | "skipped";

/** Takes the grant for this caller if it is waiting for issuance and nobody else holds it. */
async function claimForIssue(deps: Deps, grantId: string, now: Date): Promise<Grant | undefined> {
  const [claimed] = await deps.db
    .update(grants)
    .set({ leaseUntil: addMs(now, CONNECTOR_LEASE_MS) })
    .where(
      and(
        eq(grants.id, grantId),
        inArray(grants.status, GRANT_TRANSITIONS.issue.from),
        or(isNull(grants.leaseUntil), lte(grants.leaseUntil, now)),
        // A grant ended before issuance is never issued; the revocation sweep closes it.
        isNull(grants.revokeRequestedAt),
      ),
    )
    .returning();
  return claimed;
}

export async function issueGrant(grantId: string, deps: Deps): Promise<IssueOutcome> {
  const claimedAt = deps.clock();
  const grant = await claimForIssue(deps, grantId, claimedAt);
  if (!grant) return "skipped";

  const window = grantWindow(claimedAt, grant.durationMinutes);
  const actor = auditActor(ISSUER);
  try {
    const connector = connectorFor(deps.connectors, grant.connectorKind);
    const target = toConnectorGrant(grant, await principalsOf(deps.db, [grant.principalUserId]), window);
    const result = await connector.issue(target, { db: deps.db, now: claimedAt });
    const t = GRANT_TRANSITIONS.issue;
    await deps.db.transaction(async (tx) => {
      const [issued] = await tx
        .update(grants)
        .set({ status: t.to, issuedAt: window.issuedAt, expiresAt: window.expiresAt, leaseUntil: null, lastIssueError: null, nextIssueAt: null, issueAttempts: grant.issueAttempts + 1 })
        .where(and(eq(grants.id, grant.id), inArray(grants.status, t.from)))
        .returning();
      if (!issued) return;
      // Credentials go into a sealed one-time envelope for the holder, never into the event.
      if (result.secret) await storeGrantSecret(tx, grant.id, result.secret, window.issuedAt, window.expiresAt);
      await appendAuditEvent(tx, {
        actor,
        action: "grant.issued",
        occurredAt: window.issuedAt,
        resourceId: grant.resourceId,
        requestId: grant.requestId,
        grantId: grant.id,
        details: {
          connector: grant.connectorKind,
          accessLevel: grant.accessLevel,
          issuedAt: window.issuedAt.toISOString(),
          expiresAt: window.expiresAt.toISOString(),
          connectorResult: result.details,
          ...(result.secret ? { credentials: "sealed for the holder, shown once" } : {}),
        },
      });
      await notifyGrantIssued(tx, issued, !!result.secret, window.issuedAt);
    });
    return "issued";
  } catch (error) {
    const failedAt = deps.clock();
    const attempts = grant.issueAttempts + 1;
    const reason = describeConnectorError(error);
    log.warn({ grantId, attempts, reason }, "grant issuance failed; will retry");
    await deps.db.transaction(async (tx) => {
      const [failed] = await tx
        .update(grants)
        .set({ leaseUntil: null, issueAttempts: attempts, lastIssueError: reason, nextIssueAt: addMs(failedAt, retryDelayMs(attempts)) })
        .where(and(eq(grants.id, grant.id), inArray(grants.status, GRANT_TRANSITIONS.issue.from)))
        .returning();
      if (!failed) return;
      await appendAuditEvent(tx, {
        actor,
        action: "grant.issue_failed",
        occurredAt: failedAt,
        resourceId: grant.resourceId,
        requestId: grant.requestId,
        grantId: grant.id,
        details: { connector: grant.connectorKind, attempt: attempts, reason, nextAttemptAt: failed.nextIssueAt?.toISOString() },
      });
    });
    return "failed";
  }
}

/**
 * Issues right after an approval committed. The approval already stands whatever happens
 * here: an unexpected error is logged and the worker's retry sweep picks the grant up.
 */
export async function issueAfterApproval(grantId: string, deps: Deps): Promise<IssueOutcome> {
  try {
    return await issueGrant(grantId, deps);
  } catch (error) {
    log.error({ grantId, err: error }, "issuance after approval failed unexpectedly; the worker will retry");
    return "failed";
  }
}
