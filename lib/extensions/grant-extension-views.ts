import "server-only";
// For the holder's own page: on each live grant, the extension waiting for a decision (if
// any) and whether more time may be asked for now, with how much the policy still allows.
// Judged with the same rules the service applies; the service checks them all again.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { extensionApprovals, extensionRequests, resources, users, type Grant } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { approvalsRequired, isEligibleRequester } from "@/lib/lifecycle/policy-rules";
import { describeGapBlock, getGovernanceOf } from "@/lib/raci/get-governance-gaps";
import { getCurrentPolicies } from "@/lib/resources/current-policy";
import { extensionBlock, EXTENSIONS_NOT_ALLOWED, grantTotalMinutes, HOLDER_NOT_ELIGIBLE, maxTotalMinutesOf, remainingExtensionMinutes } from "./extension-rules";

export interface PendingExtensionView {
  id: string;
  minutes: number;
  justification: string;
  createdAt: string;
  approvalsRequired: number;
  approvedBy: string[];
}

export interface GrantExtensionView {
  pending: PendingExtensionView | null;
  /** More time may be asked for now (nothing pending, and policy, RACI and freeze allow it). */
  canAsk: boolean;
  /** Why not, in a sentence, when nothing is pending and more time cannot be asked for. */
  blockedReason: string | null;
  totalMinutes: number;
  /** Minutes added by approved extensions so far. */
  extendedMinutes: number;
  maxTotalMinutes: number | null;
  /** Minutes the policy's maximum total still leaves. */
  remainingMinutes: number;
  requireJustification: boolean;
}

/** Extension views for the given live grants of `holder`, keyed by grant id. */
export async function describeGrantExtensions(db: Executor, holder: UserActor, liveGrants: readonly Grant[]): Promise<Map<string, GrantExtensionView>> {
  if (liveGrants.length === 0) return new Map();
  const grantIds = liveGrants.map((g) => g.id);
  const resourceIds = [...new Set(liveGrants.map((g) => g.resourceId))];
  const [policies, governance, resourceRows, pendingRows] = await Promise.all([
    getCurrentPolicies(db, resourceIds),
    getGovernanceOf(db, resourceIds),
    db.select({ id: resources.id, frozenAt: resources.frozenAt, frozenReason: resources.frozenReason }).from(resources).where(inArray(resources.id, resourceIds)),
    db.select().from(extensionRequests).where(and(inArray(extensionRequests.grantId, grantIds), eq(extensionRequests.status, "pending"))),
  ]);
  const approvedBy = pendingRows.length
    ? await db
        .select({ extensionId: extensionApprovals.extensionId, email: users.email })
        .from(extensionApprovals)
        .innerJoin(users, eq(users.id, extensionApprovals.approverUserId))
        .where(and(inArray(extensionApprovals.extensionId, pendingRows.map((p) => p.id)), eq(extensionApprovals.decision, "approve")))
        .orderBy(asc(extensionApprovals.createdAt))
    : [];

  return new Map(
    liveGrants.map((grant) => {
      const policy = policies.get(grant.resourceId);
      const resource = resourceRows.find((r) => r.id === grant.resourceId);
      const gaps = governance.get(grant.resourceId);
      const waiting = pendingRows.find((p) => p.grantId === grant.id);
      const pending: PendingExtensionView | null = waiting
        ? {
            id: waiting.id,
            minutes: waiting.minutes,
            justification: waiting.justification,
            createdAt: waiting.createdAt.toISOString(),
            approvalsRequired: Math.max(waiting.approvalsRequired, policy ? approvalsRequired(policy.approvalRule) : 0),
            approvedBy: approvedBy.filter((a) => a.extensionId === waiting.id).map((a) => a.email),
          }
        : null;
      let blockedReason: string | null = null;
      if (!policy || !policy.extensionsAllowed) blockedReason = EXTENSIONS_NOT_ALLOWED;
      else if (resource?.frozenAt) blockedReason = `This resource is frozen${resource.frozenReason ? ` (${resource.frozenReason})` : ""}: it accepts no extensions until its owner unfreezes it.`;
      else if (gaps?.gaps.length) blockedReason = describeGapBlock(gaps);
      else if (!isEligibleRequester(policy, holder)) blockedReason = HOLDER_NOT_ELIGIBLE;
      else blockedReason = extensionBlock(policy, grant);
      return [
        grant.id,
        {
          pending,
          canAsk: !pending && blockedReason === null,
          blockedReason: pending ? null : blockedReason,
          totalMinutes: grantTotalMinutes(grant),
          extendedMinutes: grant.extendedMinutes,
          maxTotalMinutes: policy ? maxTotalMinutesOf(policy) : null,
          remainingMinutes: policy ? remainingExtensionMinutes(policy, grant) : 0,
          requireJustification: policy?.requireJustification ?? true,
        },
      ];
    }),
  );
}
