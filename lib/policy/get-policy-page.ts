import "server-only";
// Everything the policy page shows: the version in force, a change waiting for a second
// owner (and whether this viewer may confirm it), the full history with what each version
// changed, and the teams and people the editor offers.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { policies, resources, teams, userRoles, users, workloadIdentities, type Policy } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { governedResourcesCondition, ownsResource } from "@/lib/resources/governed-resources";
import { classifyPolicyChange, type TermChange } from "./classify-change";
import { termsOf, type PolicyTerms } from "./terms";

export interface PolicyVersionView {
  id: string;
  version: number;
  status: Policy["status"];
  changeKind: Policy["changeKind"];
  baseVersion: number | null;
  createdBy: string | null;
  createdAt: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  changes: TermChange[];
}

export interface PolicyPageView {
  resource: { id: string; slug: string; name: string; ownerTeamId: string };
  current: PolicyTerms & { id: string; version: number };
  pending: (PolicyVersionView & { authoredByViewer: boolean; viewerMayConfirm: boolean }) | null;
  history: PolicyVersionView[];
  teams: { id: string; name: string }[];
  people: { id: string; name: string; email: string }[];
  workloads: { id: string; name: string; authKind: string }[];
  viewerMayEdit: boolean;
}

export async function getPolicyPage(actor: UserActor, slug: string, deps: Pick<Deps, "db">): Promise<PolicyPageView | null> {
  authorize(actor, "owner.read");
  const [resource] = await deps.db
    .select({ id: resources.id, slug: resources.slug, name: resources.name, ownerTeamId: resources.ownerTeamId })
    .from(resources)
    .where(and(eq(resources.slug, slug), governedResourcesCondition(actor)));
  if (!resource) return null;

  const [versions, teamRows, people, workloads] = await Promise.all([
    deps.db.select().from(policies).where(eq(policies.resourceId, resource.id)).orderBy(desc(policies.version)),
    deps.db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)),
    // People who can be named as eligible requesters: enabled accounts with the requester role.
    deps.db
      .selectDistinct({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "requester")))
      .where(and(eq(users.disabled, false), eq(users.kind, "human")))
      .orderBy(asc(users.name)),
    deps.db
      .select({ id: workloadIdentities.id, name: workloadIdentities.name, authKind: workloadIdentities.authKind })
      .from(workloadIdentities)
      .innerJoin(users, eq(users.id, workloadIdentities.userId))
      .where(eq(users.disabled, false))
      .orderBy(asc(workloadIdentities.name)),
  ]);
  const current = versions.find((v) => v.status === "active");
  if (!current) return null;

  const authorIds = [...new Set(versions.flatMap((v) => [v.createdBy, v.reviewedBy]).filter((id): id is string => !!id))];
  const authors = new Map(
    authorIds.length ? (await deps.db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, authorIds))).map((u) => [u.id, u.email]) : [],
  );
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const view = (v: Policy): PolicyVersionView => {
    const base = v.baseVersion ? byVersion.get(v.baseVersion) : undefined;
    return {
      id: v.id,
      version: v.version,
      status: v.status,
      changeKind: v.changeKind,
      baseVersion: v.baseVersion,
      createdBy: v.createdBy ? (authors.get(v.createdBy) ?? null) : null,
      createdAt: v.createdAt.toISOString(),
      reviewedBy: v.reviewedBy ? (authors.get(v.reviewedBy) ?? null) : null,
      reviewedAt: v.reviewedAt?.toISOString() ?? null,
      changes: base ? classifyPolicyChange(termsOf(base), termsOf(v)).changes : [],
    };
  };

  const waiting = versions.find((v) => v.status === "pending");
  return {
    resource,
    current: { ...termsOf(current), id: current.id, version: current.version },
    pending: waiting
      ? {
          ...view(waiting),
          authoredByViewer: waiting.createdBy === actor.id,
          viewerMayConfirm: can(actor, "policy.review") && ownsResource(actor, resource) && waiting.createdBy !== actor.id,
        }
      : null,
    history: versions.map(view),
    teams: teamRows,
    people,
    workloads,
    viewerMayEdit: can(actor, "policy.edit"),
  };
}
