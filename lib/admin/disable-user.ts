import "server-only";
// Offboarding (OWASP NHI1, DESIGN §5): disabling a user ends everything they hold, in one
// transaction. Their pending requests end (cancelled), their live grants are marked ended
// (access stops at this moment: the access check ignores a grant with revoke_requested_at)
// and the account can no longer sign in, request or approve. The expiry sweep then revokes
// each grant through its connector; it is run once straight after the commit so that
// normally happens at once, but nothing depends on it.
//
// Order matters on PostgreSQL. Row updates come first and audit events last, so this
// transaction never holds the audit-chain lock while waiting for a row. Requests are ended
// before grants: ending a request waits for an approval of it that is in flight, and the
// grant that approval created is then visible to the grants statement that follows.
// Request creation takes a share lock on the requester's row, so it queues behind this.
import { and, eq } from "drizzle-orm";
import { accessRequests, grants, users } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, principalOf, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { grantsWithPendingExtensions, voidPendingExtensions } from "@/lib/extensions/complete-extension";
import { expireDueGrants, type ExpirySweepResult } from "@/lib/grants/expire-due-grants";
import { REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/validation";
import { lockActingAdmin } from "./lock-acting-admin";
import { liveGrantsOf, pendingRequestsOf } from "./offboarding-scope";
import { userIdInput, type UserIdInput } from "./schemas";
import { notifyRequestDecided } from "@/lib/notifications/request-notices";

export const OFFBOARDING_REASON = "user disabled";

export interface DisableUserResult {
  userId: string;
  email: string;
  grantsEnded: number;
  requestsEnded: number;
  /** What the sweep right after the commit did; null when there was nothing to revoke or it failed. */
  sweep: ExpirySweepResult | null;
}

export async function disableUser(actor: UserActor, input: UserIdInput, deps: Deps): Promise<DisableUserResult> {
  authorize(actor, "admin.manage");
  const { userId } = parseInput(userIdInput, input);
  if (userId === actor.id) throw forbidden("You cannot disable your own account; ask another admin to do it.");
  const now = deps.clock();

  const result = await deps.db.transaction(async (tx) => {
    const target = (await lockActingAdmin(tx, actor, [userId])).get(userId);
    if (!target) throw notFound("No such user.");
    const [disabled] = await tx
      .update(users)
      .set({ disabled: true })
      .where(and(eq(users.id, userId), eq(users.disabled, false)))
      .returning({ id: users.id, email: users.email });
    if (!disabled) throw conflict("This account is already disabled.");

    const cancel = REQUEST_TRANSITIONS.cancel;
    const endedRequests = await tx
      .update(accessRequests)
      .set({ status: cancel.to, decidedAt: now, updatedAt: now })
      .where(pendingRequestsOf(userId))
      .returning();

    const requestedBy = principalOf(actor);
    const endedGrants = await tx
      .update(grants)
      .set({ revokeRequestedAt: now, revokeReason: OFFBOARDING_REASON, revokeRequestedBy: requestedBy })
      .where(liveGrantsOf(userId, now))
      .returning({ id: grants.id, requestId: grants.requestId, resourceId: grants.resourceId, status: grants.status, expiresAt: grants.expiresAt });

    const who = auditActor(actor);
    await appendAuditEvent(tx, {
      actor: who,
      action: "user.disabled",
      occurredAt: now,
      details: {
        userId,
        email: disabled.email,
        before: { disabled: false },
        after: { disabled: true },
        grantsEnded: endedGrants.length,
        requestsEnded: endedRequests.length,
      },
    });
    for (const request of endedRequests) {
      await appendAuditEvent(tx, {
        actor: who,
        action: "request.withdrawn",
        occurredAt: now,
        resourceId: request.resourceId,
        requestId: request.id,
        details: { userId, reason: OFFBOARDING_REASON, from: "pending", to: cancel.to },
      });
      // The approvers it waited for hear it is gone, so nobody acts on a stale message.
      await notifyRequestDecided(tx, { request, outcome: "cancelled", decidedBy: { id: actor.id, label: actor.email }, now });
    }
    // Extensions the person was still waiting for can never apply now.
    const withExtensions = await grantsWithPendingExtensions(tx, endedGrants.map((grant) => grant.id));
    for (const grant of endedGrants) {
      if (withExtensions.has(grant.id)) await voidPendingExtensions(tx, grant, { actor: who, now, reason: "revoked" });
      await appendAuditEvent(tx, {
        actor: who,
        action: "grant.revoke_requested",
        occurredAt: now,
        resourceId: grant.resourceId,
        requestId: grant.requestId,
        grantId: grant.id,
        details: {
          userId,
          reason: OFFBOARDING_REASON,
          requestedBy,
          revokeRequestedAt: now.toISOString(),
          status: grant.status,
          expiresAt: grant.expiresAt?.toISOString() ?? null,
        },
      });
    }
    return { userId, email: disabled.email, grantsEnded: endedGrants.length, requestsEnded: endedRequests.length };
  });

  // Revoke through the connectors now rather than at the next sweep. Access has already
  // ended; a failure here only leaves the grants overdue for the worker to retry.
  let sweep: ExpirySweepResult | null = null;
  if (result.grantsEnded > 0) {
    try {
      sweep = await expireDueGrants(deps, { maxBatches: 1 });
    } catch (error) {
      log.error({ err: error, userId }, "revocation after offboarding failed; the worker will retry");
    }
  }
  return { ...result, sweep };
}
