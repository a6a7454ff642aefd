import "server-only";
// Ending grants: active grants whose time is up, and grants someone ended early (offboarding,
// relinquish, owner revoke), are revoked through their connector and, once revocation is
// confirmed, marked expired or revoked. Taking due grants uses FOR UPDATE SKIP LOCKED
// plus a lease, so several app instances or workers never revoke the same grant at once,
// and a worker that dies mid-way only delays the grant until its lease runs out.
import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { grants, type Grant } from "@/db/schema";
import { sqlTime } from "@/db/sql-time";
import { appendAuditEvent, appendAuditEvents } from "@/lib/audit/append-event";
import { auditActor, EXPIRY_WORKER } from "@/lib/auth/actor";
import { mapWithConcurrency } from "@/lib/concurrency";
import { connectorFor } from "@/lib/connectors/registry";
import { grantsWithPendingExtensions, voidPendingExtensions } from "@/lib/extensions/complete-extension";
import type { Deps } from "@/lib/deps";
import { addMs } from "@/lib/lifecycle/duration";
import { CONNECTOR_LEASE_MS, endingOf, retryDelayMs } from "@/lib/lifecycle/grant-rules";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { log } from "@/lib/log";
import { describeConnectorError, principalsOf, toConnectorGrant } from "./connector-grant";
import { notifyGrantsEnded, notifyRevocationOverdue } from "@/lib/notifications/grant-notices";
import { discardGrantSecrets } from "./grant-secrets";

export interface ExpirySweepResult {
  expired: number;
  revoked: number;
  failed: number;
}

const ENDABLE = [...new Set([...GRANT_TRANSITIONS.expire.from, ...GRANT_TRANSITIONS.revoke.from])];

/** When a grant falls due: its revoke decision, else its expiry (the expression grants_due_at_idx indexes). */
const dueAt = sql<Date>`coalesce(${grants.revokeRequestedAt}, ${grants.expiresAt})`;

async function claimDueGrants(deps: Deps, now: Date, limit: number, onlyIds?: readonly string[]): Promise<Grant[]> {
  const due = deps.db
    .select({ id: grants.id })
    .from(grants)
    .where(
      and(
        onlyIds ? inArray(grants.id, [...onlyIds]) : undefined,
        inArray(grants.status, ENDABLE),
        // Implied by the two cases below; spelled out so grants_due_at_idx finds the due grants
        // without reading every live one.
        sql`${dueAt} <= ${sqlTime(now)}`,
        or(
          and(eq(grants.status, "active"), lte(grants.expiresAt, now)),
          and(isNotNull(grants.revokeRequestedAt), lte(grants.revokeRequestedAt, now)),
        ),
        or(isNull(grants.leaseUntil), lte(grants.leaseUntil, now)),
        or(isNull(grants.nextRevokeAt), lte(grants.nextRevokeAt, now)),
      ),
    )
    .orderBy(asc(dueAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return deps.db
    .update(grants)
    .set({ leaseUntil: addMs(now, CONNECTOR_LEASE_MS) })
    .where(inArray(grants.id, due))
    .returning();
}

/** A grant whose connector confirmed the access gone, waiting to be recorded as ended. */
interface Confirmed {
  grant: Grant;
  ending: "expire" | "revoke";
  dueAt: Date;
  endedAt: Date;
  verification: Record<string, unknown>;
}

/** Revoke, then verify, outside any transaction: the connector talks to the outside world. */
async function confirmRevocation(grant: Grant, principals: ReadonlyMap<string, string>, deps: Deps): Promise<Confirmed | { grant: Grant; error: unknown }> {
  const ending = endingOf(grant);
  // A grant ended before it was ever issued has no window; the connector is still told to
  // revoke (idempotently) in case an issuer died after the target had already granted it.
  const window = grant.issuedAt && grant.expiresAt
    ? { issuedAt: grant.issuedAt, expiresAt: grant.expiresAt }
    : { issuedAt: grant.revokeRequestedAt!, expiresAt: grant.revokeRequestedAt! };
  try {
    const connector = connectorFor(deps.connectors, grant.connectorKind);
    const target = toConnectorGrant(grant, principals, window);
    await connector.revoke(target, { db: deps.db, now: deps.clock() });
    const verification = await connector.verify(target, { db: deps.db, now: deps.clock() });
    if (verification.accessPresent) throw new Error("verify found the access still present after revoke");
    return { grant, ending, dueAt: ending === "expire" ? window.expiresAt : grant.revokeRequestedAt!, endedAt: deps.clock(), verification: verification.details };
  } catch (error) {
    return { grant, error };
  }
}

/**
 * Each grant's own values as one JSON parameter, read back as rows (`v`) to join the UPDATE
 * on: one statement and one parameter however many grants, where a `case id when …` per
 * column grew with the square of the batch and took most of a large sweep's CPU.
 */
const perGrantValues = (confirmed: readonly Confirmed[]) =>
  sql`jsonb_to_recordset(${JSON.stringify(
    confirmed.map((c) => ({ id: c.grant.id, status: GRANT_TRANSITIONS[c.ending].to, ended_at: c.endedAt.toISOString(), evidence: c.verification })),
  )}::jsonb) as v(id uuid, status text, ended_at timestamptz, evidence jsonb)`;

/**
 * Records a batch of confirmed revocations in one transaction: one UPDATE (conditional on
 * each grant's transition), its secrets discarded, its holders told, and one chained audit
 * event per grant appended last, so the chain's lock is held for as short a time as can be.
 * A grant someone else already ended is left out, with no event.
 */
async function recordEnded(confirmed: readonly Confirmed[], deps: Deps): Promise<{ expired: number; revoked: number; failed: number }> {
  if (confirmed.length === 0) return { expired: 0, revoked: 0, failed: 0 };
  const actor = auditActor(EXPIRY_WORKER);
  const byEnding = (ending: "expire" | "revoke") => confirmed.filter((c) => c.ending === ending).map((c) => c.grant.id);
  const transitionOk = (["expire", "revoke"] as const).flatMap((ending) => {
    const ids = byEnding(ending);
    return ids.length ? [and(inArray(grants.id, ids), inArray(grants.status, GRANT_TRANSITIONS[ending].from))!] : [];
  });
  return deps.db.transaction(async (tx) => {
    const updated = await tx
      .update(grants)
      .set({
        status: sql`v.status`,
        endedAt: sql`v.ended_at`,
        revokeVerifiedAt: sql`v.ended_at`,
        revokeEvidence: sql`v.evidence`,
        leaseUntil: null,
        nextRevokeAt: null,
        revokeAttempts: sql`${grants.revokeAttempts} + 1`,
      })
      .from(perGrantValues(confirmed))
      .where(and(sql`${grants.id} = v.id`, or(...transitionOk)))
      .returning(getTableColumns(grants));
    const endedIds = new Set(updated.map((g) => g.id));
    const ended = confirmed.filter((c) => endedIds.has(c.grant.id));
    const updatedById = new Map(updated.map((g) => [g.id, g]));
    await discardGrantSecrets(tx, [...endedIds]);
    await notifyGrantsEnded(tx, ended.map((c) => ({ grant: updatedById.get(c.grant.id)!, ending: c.ending, now: c.endedAt })));
    const withExtensions = await grantsWithPendingExtensions(tx, [...endedIds]);
    await appendAuditEvents(
      tx,
      ended.map(({ grant, ending, dueAt, endedAt, verification }) => ({
        actor,
        action: ending === "expire" ? ("grant.expired" as const) : ("grant.revoked" as const),
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
          verification,
        },
      })),
    );
    // An extension still waiting when the grant ends can never apply: it is void (rare, so one by one).
    for (const c of ended) {
      if (withExtensions.has(c.grant.id)) await voidPendingExtensions(tx, c.grant, { actor, now: c.endedAt, reason: c.ending === "expire" ? "expired" : "revoked" });
    }
    const expired = ended.filter((c) => c.ending === "expire").length;
    return { expired, revoked: ended.length - expired, failed: confirmed.length - ended.length };
  });
}

/** A revoke that failed: the grant stays active (access is denied anyway) and is retried with backoff. */
async function recordFailure(grant: Grant, error: unknown, deps: Deps): Promise<void> {
  const actor = auditActor(EXPIRY_WORKER);
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
    // Access is denied by the access check already; the owner team hears once that the target lags.
    await notifyRevocationOverdue(tx, failed, failedAt);
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
}

/**
 * Ends a claimed batch. Connectors run concurrently, outside any transaction; confirmed
 * revocations are recorded by group commit: one transaction at a time takes every
 * confirmation that arrived while the previous one ran. Fast connectors thus end hundreds
 * of grants per transaction, and a slow one never holds back the record of the others.
 * `onCallsDone` runs once every connector call of the batch has answered (only recording is
 * left): the sweep claims its next batch then.
 */
async function endClaimed(claimed: readonly Grant[], deps: Deps, concurrency: number, onCallsDone: () => void = () => {}): Promise<ExpirySweepResult> {
  const result: ExpirySweepResult = { expired: 0, revoked: 0, failed: 0 };
  // One lookup of principals per batch, not one per grant.
  const principals = await principalsOf(deps.db, claimed.map((grant) => grant.principalUserId));
  const waiting: Confirmed[] = [];
  let recording: Promise<void> = Promise.resolve();
  let scheduled = false;
  const record = () => {
    if (scheduled) return;
    scheduled = true;
    recording = recording.then(async () => {
      scheduled = false;
      const batch = waiting.splice(0);
      try {
        const recorded = await recordEnded(batch, deps);
        result.expired += recorded.expired;
        result.revoked += recorded.revoked;
        result.failed += recorded.failed;
      } catch (error) {
        // Nothing was written; the grants keep their lease and are taken again once it runs out.
        log.error({ err: error, grants: batch.length }, "recording ended grants failed; they will be retried");
        result.failed += batch.length;
      }
    });
  };
  const end = async (grant: Grant) => {
    const outcome = await confirmRevocation(grant, principals, deps);
    if ("error" in outcome) {
      await recordFailure(grant, outcome.error, deps);
      result.failed++;
      return;
    }
    waiting.push(outcome);
    record();
  };
  // Each connector at its own pace: one that calls out to a target server at most `concurrency`
  // calls at once; one that only reads Lapse's own ledger (its calls share a query) all at once.
  const byKind = new Map<string, Grant[]>();
  for (const grant of claimed) {
    const group = byKind.get(grant.connectorKind);
    if (group) group.push(grant);
    else byKind.set(grant.connectorKind, [grant]);
  }
  await Promise.all(
    [...byKind].map(([kind, group]) => mapWithConcurrency(group, deps.connectors.get(kind)?.localOnly ? group.length : concurrency, end)),
  );
  onCallsDone();
  await recording;
  return result;
}

export async function expireDueGrants(
  deps: Deps,
  options: { batchSize?: number; concurrency?: number; maxBatches?: number } = {},
): Promise<ExpirySweepResult> {
  // A sweep drains what is due (up to maxBatches × batchSize grants) rather than a fixed slice,
  // so thousands of grants falling due in the same second end within the same sweep. Once a
  // batch's connector calls have all answered, the next batch is claimed while the previous
  // one is still being recorded: the database records one batch while it hands out the next.
  // Only then: a worker never holds more than one batch it has not started on (others may
  // take what it has not claimed).
  const { batchSize = 500, concurrency = 16, maxBatches = 100 } = options;
  const result: ExpirySweepResult = { expired: 0, revoked: 0, failed: 0 };
  let recording: Promise<unknown> = Promise.resolve();
  try {
    for (let batch = 0; batch < maxBatches; batch++) {
      const claimed = await claimDueGrants(deps, deps.clock(), batchSize);
      if (claimed.length === 0) break;
      let callsDone!: () => void;
      const called = new Promise<void>((resolve) => (callsDone = resolve));
      const ending = endClaimed(claimed, deps, concurrency, callsDone).then((ended) => {
        result.expired += ended.expired;
        result.revoked += ended.revoked;
        result.failed += ended.failed;
      });
      // The previous batch must be recorded before this one's recording may lag behind.
      const previous = recording;
      recording = ending;
      await Promise.race([called, ending]);
      await previous;
      if (claimed.length < batchSize) break;
    }
  } finally {
    // Never leave a batch recording behind the caller's back, even when a claim failed.
    await Promise.allSettled([recording]);
  }
  await recording;
  return result;
}

/**
 * Ends the given grants now if they are due (a person just ended them early), instead of
 * waiting for the next sweep. Correctness never depends on it: the sweep would end them too.
 */
export async function endGrantsNow(grantIds: readonly string[], deps: Deps): Promise<ExpirySweepResult> {
  if (grantIds.length === 0) return { expired: 0, revoked: 0, failed: 0 };
  const claimed = await claimDueGrants(deps, deps.clock(), grantIds.length, grantIds);
  return endClaimed(claimed, deps, 8);
}
