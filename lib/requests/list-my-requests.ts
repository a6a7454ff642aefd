import "server-only";
// The requester's own page: what is waiting, what access they hold now, and what happened before.
import { desc, eq } from "drizzle-orm";
import { accessRequests, grants, resources, type GrantStatus, type RequestStatus } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { isGrantLive, isRevocationPending } from "@/lib/lifecycle/grant-rules";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface MyGrantView {
  id: string;
  status: GrantStatus;
  issuedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  /** Gives access right now (the access check's answer). */
  live: boolean;
  /** Time is up; the connector's revoke has not been confirmed yet. */
  revocationPending: boolean;
  issueFailing: boolean;
}

export interface MyRequestView {
  id: string;
  resourceName: string;
  accessLevel: string;
  durationMinutes: number;
  justification: string;
  ticket: string | null;
  status: RequestStatus;
  createdAt: string;
  decidedAt: string | null;
  grant: MyGrantView | null;
}

export interface MyRequestsView {
  serverNow: string;
  pending: MyRequestView[];
  /** Approved requests whose grant is being issued, is live, or is being revoked. */
  current: MyRequestView[];
  history: MyRequestView[];
}

export async function listMyRequests(actor: UserActor, deps: Pick<Deps, "db" | "clock">, limit = 50): Promise<MyRequestsView> {
  authorize(actor, "request.read-own");
  const now = deps.clock();
  const rows = await deps.db
    .select({ request: accessRequests, resourceName: resources.name, grant: grants })
    .from(accessRequests)
    .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
    .leftJoin(grants, eq(grants.requestId, accessRequests.id))
    .where(eq(accessRequests.requesterUserId, actor.id))
    .orderBy(desc(accessRequests.createdAt))
    .limit(limit);

  const views: MyRequestView[] = rows.map(({ request, resourceName, grant }) => ({
    id: request.id,
    resourceName,
    accessLevel: request.accessLevel,
    durationMinutes: request.durationMinutes,
    justification: request.justification,
    ticket: request.ticket,
    status: request.status,
    createdAt: request.createdAt.toISOString(),
    decidedAt: iso(request.decidedAt),
    grant: grant && {
      id: grant.id,
      status: grant.status,
      issuedAt: iso(grant.issuedAt),
      expiresAt: iso(grant.expiresAt),
      endedAt: iso(grant.endedAt),
      live: isGrantLive(grant, now),
      revocationPending: isRevocationPending(grant, now),
      issueFailing: grant.status === "issuing" && grant.issueAttempts > 0,
    },
  }));
  const isCurrent = (v: MyRequestView) => v.grant !== null && (v.grant.status === "issuing" || v.grant.status === "active");
  return {
    serverNow: now.toISOString(),
    pending: views.filter((v) => v.status === "pending"),
    current: views.filter(isCurrent),
    history: views.filter((v) => v.status !== "pending" && !isCurrent(v)),
  };
}
