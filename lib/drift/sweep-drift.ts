import "server-only";
// Drift: the target shows access the ledger says is gone, or more than the ledger gave. Three
// checks, for connectors that read their target back (verifiesTarget):
//  1. recently ended grants (last 24 h) are verified again: access still present → finding;
//  2. live grants are verified too (a sample each pass): access that would outlast the grant
//     (exceedsGrant, e.g. a role's VALID UNTIL moved later by hand) → finding, and the end
//     is set back on the target;
//  3. the target's inventory of access Lapse manages (listManaged, e.g. roles lapse_<grant>)
//     is compared with the ledger: access for a grant that is not live, or for no grant at
//     all → finding.
// A finding is recorded once (one open finding per resource and subject) with an audit event,
// and Lapse revokes again at once (revoke is idempotent). A later pass that sees the access
// gone resolves the finding, with its own event.
import { and, asc, eq, gt, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { driftFindings, grants, resources, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, EXPIRY_WORKER } from "@/lib/auth/actor";
import type { ConnectorGrant } from "@/lib/connectors/types";
import type { Deps } from "@/lib/deps";
import { describeConnectorError, principalsOf, toConnectorGrant } from "@/lib/grants/connector-grant";
import { log } from "@/lib/log";
import { notifyDriftDetected } from "@/lib/notifications/owner-notices";

export const DRIFT_LOOKBACK_MS = 24 * 60 * 60_000;

export interface DriftSweepResult {
  checked: number;
  found: number;
  resolved: number;
  errors: number;
}

const actor = auditActor(EXPIRY_WORKER);

async function recordFinding(
  deps: Deps,
  input: { resourceId: string; grantId: string | null; subject: string; evidence: Record<string, unknown> },
  remedy = "Lapse is revoking it again",
): Promise<boolean> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(driftFindings)
      .values({ ...input, detectedAt: now })
      .onConflictDoNothing()
      .returning({ id: driftFindings.id });
    if (!inserted) return false;
    await appendAuditEvent(tx, {
      actor,
      action: "grant.drift_detected",
      occurredAt: now,
      resourceId: input.resourceId,
      grantId: input.grantId,
      details: { findingId: inserted.id, subject: input.subject, evidence: input.evidence },
    });
    const reason = typeof input.evidence.reason === "string" ? input.evidence.reason : "access Lapse does not expect";
    await notifyDriftDetected(tx, { resourceId: input.resourceId, grantId: input.grantId, findingId: inserted.id, subject: input.subject, reason, remedy, now });
    return true;
  });
}

async function resolveFindings(deps: Deps, resourceId: string, openSubjects: (subject: string) => boolean, evidence: Record<string, unknown>): Promise<number> {
  const now = deps.clock();
  const open = await deps.db.select().from(driftFindings).where(and(eq(driftFindings.resourceId, resourceId), isNull(driftFindings.resolvedAt)));
  let resolved = 0;
  for (const finding of open) {
    if (openSubjects(finding.subject)) continue;
    await deps.db.transaction(async (tx) => {
      const [done] = await tx
        .update(driftFindings)
        .set({ resolvedAt: now })
        .where(and(eq(driftFindings.id, finding.id), isNull(driftFindings.resolvedAt)))
        .returning({ id: driftFindings.id });
      if (!done) return;
      resolved++;
      await appendAuditEvent(tx, {
        actor,
        action: "grant.drift_resolved",
        occurredAt: now,
        resourceId,
        grantId: finding.grantId,
        details: { findingId: finding.id, subject: finding.subject, detectedAt: finding.detectedAt.toISOString(), evidence },
      });
    });
  }
  return resolved;
}

/** A stand-in for a grant the ledger does not know (access Lapse never issued). */
function unknownGrant(id: string, resourceId: string, now: Date): ConnectorGrant {
  return { id, resourceId, principal: "unknown", accessLevel: "unknown", issuedAt: now, expiresAt: now };
}

export async function sweepDrift(deps: Deps, options: { limit?: number } = {}): Promise<DriftSweepResult> {
  const { limit = 200 } = options;
  const now = deps.clock();
  const result: DriftSweepResult = { checked: 0, found: 0, resolved: 0, errors: 0 };
  const kinds = [...deps.connectors.values()].filter((c) => c.verifiesTarget).map((c) => c.kind);
  if (kinds.length === 0) return result;

  // Resources whose connector reads its target back, and their recently ended grants.
  const targets = await deps.db
    .select({ id: resources.id, kind: resources.connectorKind })
    .from(resources)
    .where(inArray(resources.connectorKind, kinds))
    .orderBy(asc(resources.id));
  // Access for no grant at all is reported once, on the first resource whose target shows it
  // (several resources may share one target server).
  const claimedUnknown = new Set<string>();
  for (const target of targets) {
    const connector = deps.connectors.get(target.kind)!;
    const ctx = { db: deps.db, now };
    try {
      const ended = await deps.db
        .select()
        .from(grants)
        .where(and(eq(grants.resourceId, target.id), inArray(grants.status, ["expired", "revoked"]), gte(grants.endedAt, new Date(now.getTime() - DRIFT_LOOKBACK_MS))))
        .limit(limit);
      const principals = await principalsOf(deps.db, ended.map((g) => g.principalUserId));
      const present = new Set<string>();
      const toRevoke: ConnectorGrant[] = [];

      for (const grant of ended) {
        const window = { issuedAt: grant.issuedAt ?? grant.endedAt!, expiresAt: grant.expiresAt ?? grant.endedAt! };
        const cg = toConnectorGrant(grant, principals, window);
        const verification = await connector.verify(cg, ctx);
        result.checked++;
        if (!verification.accessPresent) continue;
        const subject = verification.subject ?? `grant:${grant.id}`;
        present.add(subject);
        toRevoke.push(cg);
        if (await recordFinding(deps, { resourceId: target.id, grantId: grant.id, subject, evidence: { reason: `access still present after the grant ${grant.status}`, ...verification.details } })) result.found++;
      }

      // Live grants: nothing on the target may outlast them. Not those the expiry sweep holds or
      // is about to end (a revoke in flight is not drift). A random sample per pass, so a
      // resource with many live grants is covered over a few passes.
      const toReset: ConnectorGrant[] = [];
      if (connector.exceedsGrant && connector.extend) {
        const live = await deps.db
          .select()
          .from(grants)
          .where(
            and(
              eq(grants.resourceId, target.id),
              eq(grants.status, "active"),
              isNull(grants.revokeRequestedAt),
              gt(grants.expiresAt, now),
              or(isNull(grants.leaseUntil), lte(grants.leaseUntil, now)),
            ),
          )
          .orderBy(sql`random()`)
          .limit(limit);
        const holders = await principalsOf(deps.db, live.map((g) => g.principalUserId));
        for (const grant of live) {
          const cg = toConnectorGrant(grant, holders, { issuedAt: grant.issuedAt!, expiresAt: grant.expiresAt! });
          const verification = await connector.verify(cg, ctx);
          result.checked++;
          const excess = connector.exceedsGrant(cg, verification);
          if (!excess) continue;
          const subject = verification.subject ?? `grant:${grant.id}`;
          present.add(subject);
          toReset.push(cg);
          if (await recordFinding(deps, { resourceId: target.id, grantId: grant.id, subject, evidence: { reason: excess, ...verification.details } }, "Lapse is setting it back to the grant's end")) result.found++;
        }
      }

      if (connector.listManaged) {
        const managed = await connector.listManaged(target.id, ctx);
        result.checked += managed.length;
        const rows: Pick<Grant, "id" | "resourceId" | "status">[] = managed.length
          ? await deps.db.select({ id: grants.id, resourceId: grants.resourceId, status: grants.status }).from(grants).where(inArray(grants.id, managed))
          : [];
        const known = new Map(rows.map((row) => [row.id, row]));
        for (const grantId of managed) {
          const grant = known.get(grantId);
          if (grant && grant.resourceId !== target.id) continue; // another resource's grant on a shared target
          if (grant && (grant.status === "active" || grant.status === "issuing")) continue; // live, or the expiry sweep's job
          if (!grant && claimedUnknown.has(grantId)) continue;
          if (!grant) claimedUnknown.add(grantId);
          const verification = await connector.verify(unknownGrant(grantId, target.id, now), ctx);
          if (!verification.accessPresent) continue;
          const subject = verification.subject ?? `grant:${grantId}`;
          if (present.has(subject)) continue;
          present.add(subject);
          toRevoke.push(unknownGrant(grantId, target.id, now));
          const reason = grant ? `access present for a grant that is ${grant.status}` : "access Lapse never issued";
          if (await recordFinding(deps, { resourceId: target.id, grantId: grant ? grantId : null, subject, evidence: { reason, ...verification.details } })) result.found++;
        }
      }

      // Remove what should not be there; the next pass confirms and resolves.
      for (const cg of toRevoke) {
        await connector.revoke(cg, ctx).catch((error: unknown) => log.warn({ grantId: cg.id, reason: describeConnectorError(error) }, "drift remediation failed"));
      }
      for (const cg of toReset) {
        await connector.extend!(cg, cg.expiresAt, ctx).catch((error: unknown) => log.warn({ grantId: cg.id, reason: describeConnectorError(error) }, "drift remediation failed"));
      }
      result.resolved += await resolveFindings(deps, target.id, (subject) => present.has(subject), { checkedAt: now.toISOString() });
    } catch (error) {
      // A target that cannot be read is not evidence of anything; try again next pass.
      result.errors++;
      log.warn({ resourceId: target.id, reason: describeConnectorError(error) }, "drift check failed");
    }
  }
  return result;
}

// Drift checks talk to every target, so they run less often than the expiry sweep:
// every LAPSE_DRIFT_INTERVAL_MS (default 60 s) per worker.
const lastDriftRun = new Map<string, number>();

export function driftIntervalMs(): number {
  const configured = Number(process.env.LAPSE_DRIFT_INTERVAL_MS);
  return Number.isFinite(configured) && configured >= 1_000 ? configured : 60_000;
}

export async function sweepDriftIfDue(deps: Deps, instanceId: string): Promise<DriftSweepResult | null> {
  const now = deps.clock().getTime();
  const last = lastDriftRun.get(instanceId);
  if (last !== undefined && now - last < driftIntervalMs()) return null;
  lastDriftRun.set(instanceId, now);
  return sweepDrift(deps);
}
