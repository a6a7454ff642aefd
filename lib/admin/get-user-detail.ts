import "server-only";
// One person for administrators: roles, teams, what they hold now (what a disable would end)
// and the history of changes to their account.
import { and, asc, count, desc, eq, inArray, like, sql } from "drizzle-orm";
import { accessRequests, auditEvents, grants, memberships, resources, userRoles, users, type GrantStatus, type Role } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { isRevocationPending } from "@/lib/lifecycle/grant-rules";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { liveGrantsOf, pendingRequestsOf } from "./offboarding-scope";
import { isUuid } from "./schemas";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export interface HeldGrantView {
  id: string;
  resourceName: string;
  accessLevel: string;
  status: GrantStatus;
  expiresAt: string | null;
  /** Ended (time up or ended early) but the connector has not confirmed revocation yet. */
  revocationPending: boolean;
}

export interface PendingRequestView {
  id: string;
  resourceName: string;
  accessLevel: string;
  createdAt: string;
}

export interface AccountEventView {
  seq: number;
  occurredAt: string;
  action: string;
  actorLabel: string;
  details: Record<string, unknown>;
}

export interface UserDetailView {
  id: string;
  email: string;
  name: string;
  disabled: boolean;
  createdAt: string;
  signsInWithPassword: boolean;
  roles: Role[];
  teamIds: string[];
  /** Grants still in the ledger as issuing or active (live ones and ones being revoked). */
  grants: HeldGrantView[];
  /** What disabling would end right now. */
  liveGrantCount: number;
  pendingRequests: PendingRequestView[];
  history: AccountEventView[];
}

/** The user, or null when there is no such user (the page answers 404). */
export async function getUserDetail(
  actor: UserActor,
  userId: string,
  deps: Pick<Deps, "db" | "clock">,
  historyLimit = 20,
): Promise<UserDetailView | null> {
  authorize(actor, "admin.read");
  if (!isUuid(userId)) return null;
  const now = deps.clock();
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;

  const [roleRows, teamRows, grantRows, [live], requestRows, history] = await Promise.all([
    deps.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)),
    deps.db.select({ teamId: memberships.teamId }).from(memberships).where(eq(memberships.userId, userId)),
    deps.db
      .select({ grant: grants, resourceName: resources.name })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .where(and(eq(grants.principalUserId, userId), inArray(grants.status, GRANT_TRANSITIONS.revoke.from)))
      .orderBy(asc(grants.createdAt)),
    deps.db.select({ n: count() }).from(grants).where(liveGrantsOf(userId, now)),
    deps.db
      .select({ id: accessRequests.id, resourceName: resources.name, accessLevel: accessRequests.accessLevel, createdAt: accessRequests.createdAt })
      .from(accessRequests)
      .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
      .where(pendingRequestsOf(userId))
      .orderBy(asc(accessRequests.createdAt)),
    // Account events name the user in their details (they have no resource or request).
    deps.db
      .select()
      .from(auditEvents)
      .where(and(like(auditEvents.action, "user.%"), sql`${auditEvents.details}->>'userId' = ${userId}`))
      .orderBy(desc(auditEvents.seq))
      .limit(historyLimit),
  ]);

  return {
    id: user.id,
    email: user.email,
    name: user.name,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    signsInWithPassword: user.passwordHash !== null,
    roles: roleRows.map((r) => r.role).sort(),
    teamIds: teamRows.map((t) => t.teamId),
    grants: grantRows.map(({ grant, resourceName }) => ({
      id: grant.id,
      resourceName,
      accessLevel: grant.accessLevel,
      status: grant.status,
      expiresAt: iso(grant.expiresAt),
      revocationPending: isRevocationPending(grant, now),
    })),
    liveGrantCount: live.n,
    pendingRequests: requestRows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    history: history.map((e) => ({ seq: e.seq, occurredAt: e.occurredAt.toISOString(), action: e.action, actorLabel: e.actorLabel, details: e.details })),
  };
}
