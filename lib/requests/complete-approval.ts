import "server-only";
// The step every approval path ends in (enough approvals recorded, or auto-approval):
// the request becomes approved and a grant is created, waiting to be issued. Runs inside
// the caller's transaction, with the audit event, so either all of it happens or none.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { accessRequests, grants, type AccessRequest, type Grant, type Policy, type Resource } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { AuditActor } from "@/lib/auth/actor";
import { REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { conflict } from "@/lib/errors";
import { countLiveGrants, lockPrincipalOnResource } from "@/lib/grants/live-grant-limit";
import { notifyBreakGlassReview } from "@/lib/notifications/owner-notices";

export interface CompletedApproval {
  request: AccessRequest;
  grant: Grant;
}

export async function completeApproval(
  tx: Tx,
  args: {
    request: AccessRequest;
    resource: Pick<Resource, "id" | "connectorKind">;
    policy: Pick<Policy, "id" | "version" | "maxLiveGrants">;
    actor: AuditActor;
    /** Emails of the people whose approvals made up the decision (none under auto-approval). */
    approvers: string[];
    comment?: string;
    now: Date;
    /** Break-glass: issued without approval, due for the owner team's review by this time. */
    breakGlass?: { reviewDueAt: Date };
  },
): Promise<CompletedApproval | null> {
  const { request, resource, policy, actor, now } = args;
  const t = REQUEST_TRANSITIONS.approve;
  // The live-grant limit is judged as the grant is created, one completion at a time per person.
  await lockPrincipalOnResource(tx, request.requesterUserId, resource.id);
  if ((await countLiveGrants(tx, request.requesterUserId, resource.id, now)) >= policy.maxLiveGrants) {
    throw conflict(
      `The requester already holds ${policy.maxLiveGrants === 1 ? "a live grant" : `${policy.maxLiveGrants} live grants`} on this resource, the most policy allows at once. Approve again once one has ended, or deny.`,
    );
  }
  const [approved] = await tx
    .update(accessRequests)
    .set({ status: t.to, decidedAt: now, decidedPolicyId: policy.id, updatedAt: now })
    .where(and(eq(accessRequests.id, request.id), inArray(accessRequests.status, t.from)))
    .returning();
  if (!approved) return null;

  const [grant] = await tx
    .insert(grants)
    .values({
      requestId: approved.id,
      resourceId: resource.id,
      principalUserId: approved.requesterUserId,
      accessLevel: approved.accessLevel,
      durationMinutes: approved.durationMinutes,
      connectorKind: resource.connectorKind,
      status: "issuing",
      nextIssueAt: now,
      breakGlass: !!args.breakGlass,
      reviewDueAt: args.breakGlass?.reviewDueAt ?? null,
      createdAt: now,
    })
    .returning();

  await appendAuditEvent(tx, {
    actor,
    action: args.breakGlass ? "request.break_glass" : "request.approved",
    occurredAt: now,
    resourceId: resource.id,
    requestId: approved.id,
    grantId: grant.id,
    details: args.breakGlass
      ? { exception: true, reviewDueAt: args.breakGlass.reviewDueAt.toISOString(), policyVersion: policy.version }
      : { approvers: args.approvers, comment: args.comment ?? "", policyVersion: policy.version },
  });
  if (args.breakGlass) await notifyBreakGlassReview(tx, grant, "due", now);
  return { request: approved, grant };
}
