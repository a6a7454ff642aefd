import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// The extensions an approver may decide right now: pending, on a grant that is still live,
// on a resource whose current policy names one of their teams, not their own, and not
// already decided by them. The same rules as lib/requests/list-approval-queue.ts.
import { and, asc, eq, inArray, ne, notExists, sql } from "drizzle-orm";
import { extensionApprovals, extensionRequests, grants, resources, users } from "@/db/schema";
import { liveGrantCondition } from "@/lib/access/check-access";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { approvalsRequired } from "@/lib/lifecycle/policy-rules";
import { mayApproveResourceSql } from "@/lib/requests/lock-for-decision";
import { getCurrentPolicies } from "@/lib/resources/current-policy";
import { maxTotalMinutesOf } from "./extension-rules";

export interface ExtensionQueueItemView {
  id: string;
  grantId: string;
  holderName: string;
  holderEmail: string;
  resourceName: string;
  resourceSlug: string;
  accessLevel: string;
  /** The grant's current expiry; approval moves it by `minutes`. */
  expiresAt: string;
  /** The grant's total length so far (granted duration plus earlier extensions). */
  totalMinutes: number;
  maxTotalMinutes: number | null;
  minutes: number;
  justification: string;
  createdAt: string;
  /** Under the stricter of the rule it was asked under and the current one. */
  approvalsRequired: number;
  approvedBy: string[];
}

export async function listExtensionQueue(actor: UserActor, deps: Pick<Deps, "db" | "clock">, limit = 100): Promise<ExtensionQueueItemView[]> {
  authorize(actor, "approval.read-queue");
  const now = deps.clock();
  const rows = await deps.db
    .select({
      id: extensionRequests.id,
      grantId: extensionRequests.grantId,
      resourceId: extensionRequests.resourceId,
      holderName: users.name,
      holderEmail: principalLabel,
      resourceName: resources.name,
      resourceSlug: resources.slug,
      accessLevel: grants.accessLevel,
      expiresAt: grants.expiresAt,
      durationMinutes: grants.durationMinutes,
      extendedMinutes: grants.extendedMinutes,
      minutes: extensionRequests.minutes,
      justification: extensionRequests.justification,
      createdAt: extensionRequests.createdAt,
      approvalsRequired: extensionRequests.approvalsRequired,
    })
    .from(extensionRequests)
    .innerJoin(grants, eq(grants.id, extensionRequests.grantId))
    .innerJoin(users, eq(users.id, extensionRequests.requesterUserId))
    .innerJoin(resources, eq(resources.id, extensionRequests.resourceId))
    .where(
      and(
        eq(extensionRequests.status, "pending"),
        ne(extensionRequests.requesterUserId, actor.id),
        mayApproveResourceSql(actor.id, extensionRequests.resourceId),
        liveGrantCondition(now),
        notExists(
          deps.db
            .select({ one: sql`1` })
            .from(extensionApprovals)
            .where(and(eq(extensionApprovals.extensionId, extensionRequests.id), eq(extensionApprovals.approverUserId, actor.id))),
        ),
      ),
    )
    .orderBy(asc(extensionRequests.createdAt))
    .limit(limit);
  if (rows.length === 0) return [];

  const ids = rows.map((r) => r.id);
  const [approvedBy, policies] = await Promise.all([
    deps.db
      .select({ extensionId: extensionApprovals.extensionId, email: users.email })
      .from(extensionApprovals)
      .innerJoin(users, eq(users.id, extensionApprovals.approverUserId))
      .where(and(inArray(extensionApprovals.extensionId, ids), eq(extensionApprovals.decision, "approve")))
      .orderBy(asc(extensionApprovals.createdAt)),
    getCurrentPolicies(deps.db, [...new Set(rows.map((r) => r.resourceId))]),
  ]);
  return rows.map(({ resourceId, durationMinutes, extendedMinutes, ...row }) => {
    const policy = policies.get(resourceId);
    return {
      ...row,
      expiresAt: row.expiresAt!.toISOString(),
      createdAt: row.createdAt.toISOString(),
      totalMinutes: durationMinutes + extendedMinutes,
      maxTotalMinutes: policy ? maxTotalMinutesOf(policy) : null,
      approvalsRequired: Math.max(row.approvalsRequired, policy ? approvalsRequired(policy.approvalRule) : 0),
      approvedBy: approvedBy.filter((a) => a.extensionId === row.id).map((a) => a.email),
    };
  });
}
