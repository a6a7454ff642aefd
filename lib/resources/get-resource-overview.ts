import "server-only";
// A control owner's view of one resource: is it frozen, who holds access now (with the
// means to revoke), and which break-glass exceptions wait for review, overdue first.
import { and, asc, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { accessRequests, grants, resources, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { isGrantLive, isRevocationPending } from "@/lib/lifecycle/grant-rules";
import { governedResourcesCondition, ownsResource } from "./governed-resources";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface OverviewGrant {
  id: string;
  requestId: string;
  holder: string;
  accessLevel: string;
  status: string;
  issuedAt: string | null;
  expiresAt: string | null;
  live: boolean;
  revocationPending: boolean;
  revokeReason: string | null;
  /** Revocation attempts that failed so far, the last error (never a secret: connectors describe it) and the next try. */
  revokeAttempts: number;
  lastRevokeError: string | null;
  nextRevokeAt: string | null;
  breakGlass: boolean;
  justification: string;
  reviewDueAt: string | null;
  reviewOverdue: boolean;
  reviewedAt: string | null;
  reviewOutcome: string | null;
  reviewComment: string | null;
}

export interface ResourceOverview {
  resource: { slug: string; name: string; description: string; frozenAt: string | null; frozenReason: string | null; frozenBy: string | null };
  current: OverviewGrant[];
  toReview: OverviewGrant[];
  reviewed: OverviewGrant[];
  viewer: { mayRevoke: boolean; mayFreeze: boolean; mayReview: boolean; mayReadAudit: boolean };
  serverNow: string;
}

export async function getResourceOverview(actor: UserActor, slug: string, deps: Pick<Deps, "db" | "clock">): Promise<ResourceOverview | null> {
  authorize(actor, "owner.read");
  const now = deps.clock();
  const [resource] = await deps.db.select().from(resources).where(and(eq(resources.slug, slug), governedResourcesCondition(actor)));
  if (!resource) return null;

  const select = () =>
    deps.db
      .select({ grant: grants, holder: users.email, justification: accessRequests.justification })
      .from(grants)
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .innerJoin(accessRequests, eq(accessRequests.id, grants.requestId));
  const [current, toReview, reviewed] = await Promise.all([
    select().where(and(eq(grants.resourceId, resource.id), inArray(grants.status, ["issuing", "active"]))).orderBy(asc(grants.expiresAt)),
    select().where(and(eq(grants.resourceId, resource.id), eq(grants.breakGlass, true), isNull(grants.reviewedAt))).orderBy(asc(grants.reviewDueAt)),
    select().where(and(eq(grants.resourceId, resource.id), eq(grants.breakGlass, true), isNotNull(grants.reviewedAt))).orderBy(desc(grants.reviewedAt)).limit(10),
  ]);
  const view = ({ grant, holder, justification }: (typeof current)[number]): OverviewGrant => ({
    id: grant.id,
    requestId: grant.requestId,
    holder,
    accessLevel: grant.accessLevel,
    status: grant.status,
    issuedAt: iso(grant.issuedAt),
    expiresAt: iso(grant.expiresAt),
    live: isGrantLive(grant, now),
    revocationPending: isRevocationPending(grant, now),
    revokeReason: grant.revokeReason,
    revokeAttempts: grant.revokeAttempts,
    lastRevokeError: grant.lastRevokeError,
    nextRevokeAt: iso(grant.nextRevokeAt),
    breakGlass: grant.breakGlass,
    justification,
    reviewDueAt: iso(grant.reviewDueAt),
    reviewOverdue: grant.breakGlass && !grant.reviewedAt && !!grant.reviewDueAt && grant.reviewDueAt.getTime() < now.getTime(),
    reviewedAt: iso(grant.reviewedAt),
    reviewOutcome: grant.reviewOutcome,
    reviewComment: grant.reviewComment,
  });
  return {
    resource: {
      slug: resource.slug,
      name: resource.name,
      description: resource.description,
      frozenAt: iso(resource.frozenAt),
      frozenReason: resource.frozenReason,
      frozenBy: resource.frozenBy,
    },
    current: current.map(view),
    toReview: toReview.map(view),
    reviewed: reviewed.map(view),
    viewer: {
      mayRevoke: can(actor, "grant.revoke"),
      mayFreeze: can(actor, "resource.freeze"),
      mayReview: can(actor, "exception.review") && ownsResource(actor, resource),
      mayReadAudit: can(actor, "audit.read"),
    },
    serverNow: now.toISOString(),
  };
}
