import "server-only";
// A control owner's resources: current policy terms and what is happening on each now.
import { and, asc, count, eq, gt, inArray, lte } from "drizzle-orm";
import { accessRequests, grants, resources, teams, type ApprovalRule } from "@/db/schema";
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
}

export async function listOwnedResources(actor: UserActor, deps: Pick<Deps, "db" | "clock">): Promise<OwnedResourceView[]> {
  authorize(actor, "owner.read");
  if (actor.teamIds.length === 0) return [];
  const now = deps.clock();
  const owned = await deps.db
    .select({ resource: resources, ownerTeam: teams.name })
    .from(resources)
    .innerJoin(teams, eq(teams.id, resources.ownerTeamId))
    .where(inArray(resources.ownerTeamId, [...actor.teamIds]))
    .orderBy(asc(resources.name));
  if (owned.length === 0) return [];
  const ids = owned.map((o) => o.resource.id);

  const tally = async (query: Promise<{ resourceId: string; n: number }[]>) =>
    new Map((await query).map((row) => [row.resourceId, row.n]));
  const [policies, live, pending, overdue, failing] = await Promise.all([
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
        .where(and(inArray(grants.resourceId, ids), eq(grants.status, "active"), lte(grants.expiresAt, now))).groupBy(grants.resourceId),
    ),
    tally(
      deps.db.select({ resourceId: grants.resourceId, n: count() }).from(grants)
        .where(and(inArray(grants.resourceId, ids), eq(grants.status, "issuing"), gt(grants.issueAttempts, 0))).groupBy(grants.resourceId),
    ),
  ]);

  return owned.map(({ resource, ownerTeam }) => {
    const policy = policies.get(resource.id);
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
    };
  });
}
