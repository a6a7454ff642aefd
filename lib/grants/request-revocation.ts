import "server-only";
// Ending grants early (relinquish, owner revoke, freeze, offboarding): inside the caller's
// transaction, each matching grant that still gives or is about to give access is marked
// with who ended it and why, with an audit event each. Access ends at that moment (the
// access check excludes it); the sweep then revokes it through the connector.
import { and, eq, gt, inArray, isNull, or, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { grants, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { AuditActor } from "@/lib/auth/actor";
import { grantsWithPendingExtensions, voidPendingExtensions } from "@/lib/extensions/complete-extension";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";

export async function requestRevocation(tx: Tx, which: SQL, args: { actor: AuditActor; reason: string; now: Date; details?: Record<string, unknown> }): Promise<Grant[]> {
  const { actor, reason, now } = args;
  const ended = await tx
    .update(grants)
    .set({ revokeRequestedAt: now, revokeReason: reason, revokeRequestedBy: actor.label })
    .where(
      and(
        which,
        inArray(grants.status, GRANT_TRANSITIONS.revoke.from),
        isNull(grants.revokeRequestedAt),
        // A grant whose time is already up ends as expired, on schedule; nothing to end early.
        or(eq(grants.status, "issuing"), gt(grants.expiresAt, now)),
      ),
    )
    .returning();
  // An extension still waiting can never apply to a grant that is ending: void it now, not
  // when the connector confirms the revoke (which may take retries while a target is down).
  const withExtensions = await grantsWithPendingExtensions(tx, ended.map((grant) => grant.id));
  for (const grant of ended) {
    if (withExtensions.has(grant.id)) await voidPendingExtensions(tx, grant, { actor, now, reason: "revoked" });
    await appendAuditEvent(tx, {
      actor,
      action: "grant.revoke_requested",
      occurredAt: now,
      resourceId: grant.resourceId,
      requestId: grant.requestId,
      grantId: grant.id,
      details: { reason, expiresAt: grant.expiresAt?.toISOString() ?? null, neverIssued: grant.issuedAt === null, ...args.details },
    });
  }
  return ended;
}
