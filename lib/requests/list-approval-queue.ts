import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// The requests an approver may decide right now: pending, on a resource whose current
// policy names one of their teams, not their own, and not already decided by them.
import { and, asc, eq, inArray, ne, notExists, sql } from "drizzle-orm";
import { accessRequests, approvals, resources, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { mayApproveResourceSql } from "./lock-for-decision";
import { approvalDeadlineSql } from "./time-out-requests";

export interface QueueItemView {
  id: string;
  requesterName: string;
  requesterEmail: string;
  resourceName: string;
  resourceSlug: string;
  accessLevel: string;
  durationMinutes: number;
  justification: string;
  ticket: string | null;
  createdAt: string;
  approvalsRequired: number;
  approvedBy: string[];
  /** After this moment the request can no longer be approved (the policy's approval timeout). */
  decideBy: string;
}

export async function listApprovalQueue(actor: UserActor, deps: Pick<Deps, "db">, limit = 100): Promise<QueueItemView[]> {
  authorize(actor, "approval.read-queue");
  const rows = await deps.db
    .select({
      id: accessRequests.id,
      requesterName: users.name,
      requesterEmail: principalLabel,
      resourceName: resources.name,
      resourceSlug: resources.slug,
      accessLevel: accessRequests.accessLevel,
      durationMinutes: accessRequests.durationMinutes,
      justification: accessRequests.justification,
      ticket: accessRequests.ticket,
      createdAt: accessRequests.createdAt,
      approvalsRequired: accessRequests.approvalsRequired,
      decideBy: sql<string>`${approvalDeadlineSql()}`.mapWith(accessRequests.createdAt),
    })
    .from(accessRequests)
    .innerJoin(users, eq(users.id, accessRequests.requesterUserId))
    .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
    .where(
      and(
        eq(accessRequests.status, "pending"),
        ne(accessRequests.requesterUserId, actor.id),
        mayApproveResourceSql(actor.id),
        notExists(
          deps.db
            .select({ one: sql`1` })
            .from(approvals)
            .where(and(eq(approvals.requestId, accessRequests.id), eq(approvals.approverUserId, actor.id))),
        ),
      ),
    )
    .orderBy(asc(accessRequests.createdAt))
    .limit(limit);

  const ids = rows.map((r) => r.id);
  const approvedBy = ids.length
    ? await deps.db
        .select({ requestId: approvals.requestId, email: users.email })
        .from(approvals)
        .innerJoin(users, eq(users.id, approvals.approverUserId))
        .where(and(inArray(approvals.requestId, ids), eq(approvals.decision, "approve")))
    : [];
  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    decideBy: (row.decideBy as unknown as Date).toISOString(),
    approvedBy: approvedBy.filter((a) => a.requestId === row.id).map((a) => a.email),
  }));
}
