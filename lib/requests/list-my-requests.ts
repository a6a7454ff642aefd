import "server-only";
// The requester's own page: what is waiting, what access they hold now, and what happened before.
import { and, desc, eq, not, sql } from "drizzle-orm";
import { accessRequests, grants, grantSecrets, resources, type GrantStatus, type RequestStatus } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { isGrantLive, isRevocationPending } from "@/lib/lifecycle/grant-rules";
import { describeGrantExtensions, type GrantExtensionView } from "@/lib/extensions/grant-extension-views";

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
  /** Taken without approval; the owner team reviews it afterwards. */
  breakGlass: boolean;
  /** The connector made credentials (a password, a token) the holder has not seen yet. */
  credentialsWaiting: boolean;
  /** On a live grant: the pending extension and whether more time may be asked for. */
  extension: GrantExtensionView | null;
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

export async function listMyRequests(actor: UserActor, deps: Pick<Deps, "db" | "clock">, historyLimit = 50): Promise<MyRequestsView> {
  authorize(actor, "request.read-own");
  const now = deps.clock();
  const mine = eq(accessRequests.requesterUserId, actor.id);
  // coalesce: a request without a grant has a NULL grant status, and NOT (… or NULL) is NULL.
  const ongoing = sql`(${accessRequests.status} = 'pending' or coalesce(${grants.status} in ('issuing', 'active'), false))`;
  const select = () =>
    deps.db
      .select({ request: accessRequests, resourceName: resources.name, grant: grants, secretWaiting: grantSecrets.grantId })
      .from(accessRequests)
      .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
      .leftJoin(grants, eq(grants.requestId, accessRequests.id))
      .leftJoin(grantSecrets, eq(grantSecrets.grantId, grants.id));
  // Everything still in play is always shown; only the history is cut to the latest entries.
  const [open, ended] = await Promise.all([
    select().where(and(mine, ongoing)).orderBy(desc(accessRequests.createdAt)),
    select().where(and(mine, not(ongoing))).orderBy(desc(accessRequests.createdAt)).limit(historyLimit),
  ]);

  const liveGrants = open.flatMap(({ grant }) => (grant && isGrantLive(grant, now) ? [grant] : []));
  const extensions = await describeGrantExtensions(deps.db, actor, liveGrants);

  const toView = ({ request, resourceName, grant, secretWaiting }: (typeof open)[number]): MyRequestView => ({
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
      breakGlass: grant.breakGlass,
      credentialsWaiting: secretWaiting !== null && isGrantLive(grant, now),
      extension: extensions.get(grant.id) ?? null,
    },
  });
  const openViews = open.map(toView);
  return {
    serverNow: now.toISOString(),
    pending: openViews.filter((v) => v.status === "pending"),
    current: openViews.filter((v) => v.status !== "pending"),
    history: ended.map(toView),
  };
}
