import "server-only";
// An approver's decision on a pending request. Approve and deny share the gate, the
// separation-of-duties rule and the audit trail; they differ only in where they lead.
import { and, eq, inArray } from "drizzle-orm";
import { accessRequests, approvals, resources, users, type AccessRequest, type Decision } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { loadPrincipal } from "@/lib/workloads/load-principal";
import { authorize } from "@/lib/auth/permissions";
import { requireRecentAuthentication } from "@/lib/auth/require-recent-authentication";
import type { Deps } from "@/lib/deps";
import { conflict, ServiceError } from "@/lib/errors";
import { issueAfterApproval } from "@/lib/grants/issue-grant";
import { approvalsRequired, checkTermsAgainstPolicy, isEligibleRequester } from "@/lib/lifecycle/policy-rules";
import { REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { parseInput } from "@/lib/validation";
import { assertAcceptingRequests } from "@/lib/resources/assert-accepting";
import { notifyRequestDecided } from "@/lib/notifications/request-notices";
import { completeApproval } from "./complete-approval";
import { explainDecisionRefusal, lockRequestForDecision } from "./lock-for-decision";
import { decideRequestInput, type DecideRequestInput } from "./schemas";

export type DecisionResult =
  | { outcome: "approved"; request: AccessRequest; grantId: string }
  | { outcome: "awaiting-more"; request: AccessRequest; approvals: number; required: number }
  | { outcome: "denied"; request: AccessRequest };

export async function decideRequest(
  actor: UserActor,
  decision: Decision,
  input: DecideRequestInput,
  deps: Deps,
): Promise<DecisionResult> {
  authorize(actor, "request.decide");
  const { requestId, comment } = parseInput(decideRequestInput, input);
  const now = deps.clock();
  requireRecentAuthentication(actor, now);

  const result = await recordingRefusals(actor, deps, () => deps.db.transaction(async (tx): Promise<DecisionResult> => {
    const request = await lockRequestForDecision(tx, requestId, actor, now);
    if (!request) throw await explainDecisionRefusal(tx, requestId, actor, now);

    const [recorded] = await tx
      .insert(approvals)
      .values({ requestId, approverUserId: actor.id, decision, comment, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!recorded) throw conflict("You have already decided this request.");

    if (decision === "deny") {
      const t = REQUEST_TRANSITIONS.deny;
      // A denial is a decision too: it records the policy version in force when it was made.
      const policy = await getCurrentPolicy(tx, request.resourceId);
      const [denied] = await tx
        .update(accessRequests)
        .set({ status: t.to, decidedAt: now, decidedPolicyId: policy?.id ?? null, updatedAt: now })
        .where(and(eq(accessRequests.id, requestId), inArray(accessRequests.status, t.from)))
        .returning();
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "request.denied",
        occurredAt: now,
        resourceId: denied.resourceId,
        requestId,
        details: { comment, policyVersion: policy?.version ?? null },
      });
      await notifyRequestDecided(tx, { request: denied, outcome: "denied", decidedBy: { id: actor.id, label: actor.email }, comment, now });
      return { outcome: "denied", request: denied };
    }

    // Approval re-checks the current policy: a tightened rule applies to pending requests too.
    // The share lock queues this approval behind a freeze, policy or RACI save in flight (they
    // update the resource row) and holds them off until the grant is committed, so a freeze
    // either refuses this approval or revokes the grant it makes: never neither.
    const [resource] = await tx.select().from(resources).where(eq(resources.id, request.resourceId)).for("share");
    const policy = await getCurrentPolicy(tx, request.resourceId);
    const requester = await loadPrincipal(tx, request.requesterUserId);
    if (!policy || !requester || !isEligibleRequester(policy, requester)) {
      throw conflict("The requester is no longer eligible for this resource; deny the request instead.");
    }
    await assertAcceptingRequests(tx, resource, (message) => conflict(`${message} Approval waits until that changes.`));
    const stale = Object.values(checkTermsAgainstPolicy(policy, request)).flat();
    if (stale.length) {
      throw conflict(`This request no longer fits the resource's current policy: ${stale[0]} Deny it instead.`);
    }

    const required = Math.max(request.approvalsRequired, approvalsRequired(policy.approvalRule));
    const approverRows = await tx
      .select({ email: users.email })
      .from(approvals)
      .innerJoin(users, eq(users.id, approvals.approverUserId))
      // An approver disabled since (offboarded) no longer counts towards the approvals needed.
      .where(and(eq(approvals.requestId, requestId), eq(approvals.decision, "approve"), eq(users.disabled, false)));
    const approvers = approverRows.map((row) => row.email);

    if (approvers.length < required) {
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "request.approval_recorded",
        occurredAt: now,
        resourceId: request.resourceId,
        requestId,
        details: { comment, approvals: approvers.length, required },
      });
      return { outcome: "awaiting-more", request, approvals: approvers.length, required };
    }

    const completed = await completeApproval(tx, {
      request,
      resource,
      policy,
      actor: auditActor(actor),
      approvers,
      comment,
      now,
    });
    // The row lock taken by the gate makes this unreachable; fail loudly rather than silently.
    if (!completed) throw conflict("This request was decided by someone else at the same moment.");
    await notifyRequestDecided(tx, { request: completed.request, outcome: "approved", decidedBy: { id: actor.id, label: actor.email }, comment, now });
    return { outcome: "approved", request: completed.request, grantId: completed.grant.id };
  }));

  if (result.outcome === "approved") await issueAfterApproval(result.grantId, deps);
  return result;
}

/**
 * Runs `work`; when it fails with a refusal worth keeping (someone deciding their own
 * request), the attempt is written to the audit log in a transaction of its own, since the
 * failed one rolled back. The refusal is then passed on unchanged.
 */
export async function recordingRefusals<T>(actor: UserActor, deps: Deps, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServiceError && error.refusal) {
      const { action, resourceId, requestId, details } = error.refusal;
      await deps.db.transaction((tx) => appendAuditEvent(tx, { actor: auditActor(actor), action, occurredAt: deps.clock(), resourceId, requestId, details }));
    }
    throw error;
  }
}

export const approveRequest = (actor: UserActor, input: DecideRequestInput, deps: Deps) =>
  decideRequest(actor, "approve", input, deps);

export const denyRequest = (actor: UserActor, input: DecideRequestInput, deps: Deps) =>
  decideRequest(actor, "deny", input, deps);
