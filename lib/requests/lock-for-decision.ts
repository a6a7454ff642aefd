import "server-only";
// The gate every decision passes: one conditional UPDATE that succeeds only while the
// request is pending, was not made by the actor, and the actor may approve its resource
// under the current policy. It also row-locks the request for the rest of the transaction,
// so concurrent deciders queue up and each sees the previous one's outcome.
import { and, eq, inArray, ne, sql, type AnyColumn } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { sqlTime } from "@/db/sql-time";
import { accessRequests, memberships, userRoles, users, type AccessRequest } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { conflict, forbidden, notFound, ServiceError } from "@/lib/errors";
import { isApproverFor } from "@/lib/lifecycle/policy-rules";
import { REQUEST_STATUS_LABELS } from "@/lib/lifecycle/status-labels";
import { REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { currentPolicyIdSql, getCurrentPolicy } from "@/lib/resources/current-policy";
import { approvalDeadlineSql } from "./time-out-requests";

/** The actor may approve the resource in `resourceIdColumn` (requests by default, also extensions) under its current policy. */
export function mayApproveResourceSql(actorId: string, resourceIdColumn: AnyColumn = accessRequests.resourceId) {
  return sql`exists (
    select 1 from ${memberships} m
      join ${userRoles} ur on ur.user_id = m.user_id and ur.role = 'approver'
      join ${users} u on u.id = m.user_id and u.disabled = false
      join policies ap on ap.id = ${currentPolicyIdSql(resourceIdColumn)}
    where m.user_id = ${actorId} and m.team_id = any(ap.approver_team_ids)
  )`;
}

export async function lockRequestForDecision(
  tx: Tx,
  requestId: string,
  actor: UserActor,
  now: Date,
): Promise<AccessRequest | undefined> {
  const [locked] = await tx
    .update(accessRequests)
    .set({ updatedAt: now })
    .where(
      and(
        eq(accessRequests.id, requestId),
        inArray(accessRequests.status, REQUEST_TRANSITIONS.approve.from),
        ne(accessRequests.requesterUserId, actor.id),
        mayApproveResourceSql(actor.id),
        // An approval arriving after the deadline is refused, even before the worker ends the request.
        sql`${approvalDeadlineSql()} > ${sqlTime(now)}`,
      ),
    )
    .returning();
  return locked;
}

/** Why the gate said no, for the person asking. Reads only; decides nothing. */
export async function explainDecisionRefusal(tx: Tx, requestId: string, actor: UserActor, now: Date): Promise<ServiceError> {
  const [request] = await tx.select().from(accessRequests).where(eq(accessRequests.id, requestId));
  if (!request) return notFound("No such request.");
  if (request.requesterUserId === actor.id) {
    return new ServiceError("forbidden", "You cannot decide your own request.", {}, {
      action: "request.self_decision_refused",
      resourceId: request.resourceId,
      requestId: request.id,
      details: { rule: "separation of duties: nobody decides their own request" },
    });
  }
  // Judge by the account as it is now (it may have been disabled or lost a team meanwhile).
  const current = await loadUserActor(tx, actor.id);
  if (!current) return forbidden("Your account may not decide requests.");
  const policy = await getCurrentPolicy(tx, request.resourceId);
  // Someone who may not decide on this resource learns nothing about the request.
  if (!policy || !isApproverFor(policy, current)) return notFound("No such request.");
  if (request.status === "approved") {
    return conflict("This request has already been approved; a decision cannot be taken back. To end the access, a control owner of the resource revokes it.");
  }
  if (request.status !== "pending") {
    return conflict(`This request has already been ${REQUEST_STATUS_LABELS[request.status]}.`);
  }
  if (request.createdAt.getTime() + policy.approvalTimeoutMinutes * 60_000 <= now.getTime()) {
    return conflict("This request waited past its approval deadline and can no longer be approved; it ends as timed out.");
  }
  return conflict("This request cannot be decided right now.");
}
