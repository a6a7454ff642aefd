import "server-only";
// Approval timeout (DESIGN §3): a pending request nobody decided by its deadline ends as
// timed out, with an event of its own. The deadline is the request's creation plus the
// current policy's timeout, so a shortened timeout applies at once like any tightening.
// One conditional UPDATE: a request being decided right now is row-locked by the decision
// gate, and once that commits it is no longer pending and is left alone.
import { and, inArray, sql } from "drizzle-orm";
import { accessRequests } from "@/db/schema";
import { sqlTime } from "@/db/sql-time";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type SystemActor } from "@/lib/auth/actor";
import type { Deps } from "@/lib/deps";
import { REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { notifyRequestDecided } from "@/lib/notifications/request-notices";
import { currentPolicyIdSql } from "@/lib/resources/current-policy";

export const APPROVAL_TIMEOUT: SystemActor = { kind: "system", id: "approval-timeout", label: "Lapse approval timeout" };

/** SQL: the moment a pending request's approval window closes under the current policy. */
export function approvalDeadlineSql() {
  return sql`(${accessRequests.createdAt} + make_interval(mins => (select tp.approval_timeout_minutes from policies tp where tp.id = ${currentPolicyIdSql(accessRequests.resourceId)})))`;
}

export async function timeOutPendingRequests(deps: Deps, limit = 500): Promise<number> {
  const now = deps.clock();
  const t = REQUEST_TRANSITIONS.timeOut;
  return deps.db.transaction(async (tx) => {
    const overdue = tx
      .select({ id: accessRequests.id })
      .from(accessRequests)
      .where(and(inArray(accessRequests.status, t.from), sql`${approvalDeadlineSql()} <= ${sqlTime(now)}`))
      .limit(limit)
      .for("update", { skipLocked: true });
    const ended = await tx
      .update(accessRequests)
      .set({ status: t.to, decidedAt: now, updatedAt: now })
      .where(and(inArray(accessRequests.id, overdue), inArray(accessRequests.status, t.from)))
      .returning();
    for (const request of ended) {
      await appendAuditEvent(tx, {
        actor: auditActor(APPROVAL_TIMEOUT),
        action: "request.timed_out",
        occurredAt: now,
        resourceId: request.resourceId,
        requestId: request.id,
        details: { createdAt: request.createdAt.toISOString(), waitedMinutes: Math.floor((now.getTime() - request.createdAt.getTime()) / 60_000) },
      });
      await notifyRequestDecided(tx, { request, outcome: "timed out", decidedBy: { id: null, label: APPROVAL_TIMEOUT.label }, now });
    }
    return ended.length;
  });
}
