import "server-only";
// The resources an owner governs (their team's; every resource for an admin): current policy
// terms, governance gaps, changes waiting for a second owner, and what is happening now.
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt, lte, or } from "drizzle-orm";
import { accessRequests, grants, policies, resources, teams, users, type ApprovalRule } from "@/db/schema";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { getGovernanceOf } from "@/lib/raci/get-governance-gaps";
import { governedResourcesCondition } from "./governed-resources";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { liveGrantCondition } from "@/lib/access/check-access";
import { getCurrentPolicies } from "./current-policy";

export interface OwnedResourceView {
  id: string;
  slug: string;
  name: string;
  kind: string;
  ownerTeam: string;
  connectorKind: string;
  policyVersion: number | null;
  approvalRule: ApprovalRule | null;
  accessLevels: string[];
  maxDurationMinutes: number | null;
  liveGrants: number;
  pendingRequests: number;
  /** Past their time but revocation not yet confirmed. */
  overdueRevocations: number;
  /** Approved, but the connector has failed to issue so far (retried with backoff). */
  failingIssuances: number;
  gaps: string[];
  /** A loosening change waiting for a second owner. */
  pendingPolicy: { id: string; version: number; proposedBy: string } | null;
  /** Pending requests nobody has decided for longer than WAITING_TOO_LONG_MINUTES. */
  waitingTooLong: number;
  frozen: boolean;
  /** Break-glass grants not reviewed yet, and how many of them are past their review deadline. */
  exceptionsToReview: number;
  exceptionsOverdue: number;
}

/** After this long undecided, a pending request shows as waiting too long on the dashboard. */
export const WAITING_TOO_LONG_MINUTES = 60;

export async function listOwnedResources(actor: UserActor, deps: Pick<Deps, "db" | "clock">): Promise<OwnedResourceView[]> {
  authorize(actor, "owner.read");
  const now = deps.clock();
  const owned = await deps.db
    .select({ resource: resources, ownerTeam: teams.name })
    .from(resources)
    .innerJoin(teams, eq(teams.id, resources.ownerTeamId))
    .where(governedResourcesCondition(actor))
    .orderBy(asc(resources.name));
  if (owned.length === 0) return [];
  const ids = owned.map((o) => o.resource.id);

  const tally = async (query: Promise<{ resourceId: string; n: number }[]>) =>
    new Map((await query).map((row) => [row.resourceId, row.n]));
  const [current, live, pending, overdue, failing, governance, waiting, proposals, toReview, reviewOverdue] = await Promise.all([
    getCurrentPolicies(deps.db, ids),
    tally(
      deps.db.select({ resourceId: grants.resourceId, n: count() }).from(grants)
        .where(and(inArray(grants.resourceId, ids), liveGrantCondition(now))).groupBy(grants.resourceId),
    ),
    tally(
      deps.db.select({ resourceId: accessRequests.resourceId, n: count() }).from(accessRequests)
        .where(and(inArray(accessRequests.resourceId, ids), eq(accessRequests.status, "pending"))).groupBy(accessRequests.resourceId),
    ),
    tally(
      deps.db.select({ resourceId: grants.resourceId, n: count() }).from(grants)
        .where(and(inArray(grants.resourceId, ids), or(and(eq(grants.status, "active"), lte(grants.expiresAt, now)), and(inArray(grants.status, ["issuing", "active"]), isNotNull(grants.revokeRequestedAt)))))
        .groupBy(grants.resourceId),
    ),
    tally(
      deps.db.select({ resourceId: grants.resourceId, n: count() }).from(grants)
        .where(and(inArray(grants.resourceId, ids), eq(grants.status, "issuing"), gt(grants.issueAttempts, 0))).groupBy(grants.resourceId),
    ),
    getGovernanceOf(deps.db, ids),
    tally(
      deps.db.select({ resourceId: accessRequests.resourceId, n: count() }).from(accessRequests)
        .where(and(inArray(accessRequests.resourceId, ids), eq(accessRequests.status, "pending"), lt(accessRequests.createdAt, new Date(now.getTime() - WAITING_TOO_LONG_MINUTES * MINUTE_MS))))
        .groupBy(accessRequests.resourceId),
    ),
    deps.db.select({ id: policies.id, resourceId: policies.resourceId, version: policies.version, proposedBy: users.email }).from(policies)
      .leftJoin(users, eq(users.id, policies.createdBy))
      .where(and(inArray(policies.resourceId, ids), eq(policies.status, "pending"))),
    tally(
      deps.db.select({ resourceId: grants.resourceId, n: count() }).from(grants)
        .where(and(inArray(grants.resourceId, ids), eq(grants.breakGlass, true), isNull(grants.reviewedAt))).groupBy(grants.resourceId),
    ),
    tally(
      deps.db.select({ resourceId: grants.resourceId, n: count() }).from(grants)
        .where(and(inArray(grants.resourceId, ids), eq(grants.breakGlass, true), isNull(grants.reviewedAt), lt(grants.reviewDueAt, now))).groupBy(grants.resourceId),
    ),
  ]);

  return owned.map(({ resource, ownerTeam }) => {
    const policy = current.get(resource.id);
    const proposal = proposals.find((p) => p.resourceId === resource.id);
    return {
      id: resource.id,
      slug: resource.slug,
      name: resource.name,
      kind: resource.kind,
      ownerTeam,
      connectorKind: resource.connectorKind,
      policyVersion: policy?.version ?? null,
      approvalRule: policy?.approvalRule ?? null,
      accessLevels: policy?.accessLevels ?? [],
      maxDurationMinutes: policy?.maxDurationMinutes ?? null,
      liveGrants: live.get(resource.id) ?? 0,
      pendingRequests: pending.get(resource.id) ?? 0,
      overdueRevocations: overdue.get(resource.id) ?? 0,
      failingIssuances: failing.get(resource.id) ?? 0,
      gaps: governance.get(resource.id)?.gaps.map((g) => g.message) ?? [],
      pendingPolicy: proposal ? { id: proposal.id, version: proposal.version, proposedBy: proposal.proposedBy ?? "unknown" } : null,
      waitingTooLong: waiting.get(resource.id) ?? 0,
      frozen: resource.frozenAt !== null,
      exceptionsToReview: toReview.get(resource.id) ?? 0,
      exceptionsOverdue: reviewOverdue.get(resource.id) ?? 0,
    };
  });
}
