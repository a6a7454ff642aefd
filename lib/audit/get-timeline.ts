import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Everything that happened to one request and the grant it led to (if any), in order,
// with who did what: the lifecycle timeline auditors read.
import { asc, eq, or } from "drizzle-orm";
import { accessRequests, auditEvents, grants, resources, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { toView, type AuditEventView } from "./list-events";

export interface TimelineView {
  request: {
    id: string;
    status: string;
    accessLevel: string;
    durationMinutes: number;
    justification: string;
    ticket: string | null;
    createdAt: string;
  };
  grant: {
    id: string;
    status: string;
    connectorKind: string;
    issuedAt: string | null;
    expiresAt: string | null;
    endedAt: string | null;
  } | null;
  resourceName: string;
  /** The requester's email. */
  requester: string;
  events: AuditEventView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getTimeline(
  actor: UserActor,
  key: { requestId: string } | { grantId: string },
  deps: Pick<Deps, "db">,
): Promise<TimelineView> {
  authorize(actor, "audit.read");
  const id = "requestId" in key ? key.requestId : key.grantId;
  if (!UUID.test(id)) throw notFound("No such request or grant.");
  const [row] = await deps.db
    .select({ request: accessRequests, grant: grants, resourceName: resources.name, requester: principalLabel })
    .from(accessRequests)
    .leftJoin(grants, eq(grants.requestId, accessRequests.id))
    .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
    .innerJoin(users, eq(users.id, accessRequests.requesterUserId))
    .where("requestId" in key ? eq(accessRequests.id, id) : eq(grants.id, id));
  if (!row) throw notFound("No such request or grant.");
  const { request, grant } = row;
  const events = await deps.db
    .select()
    .from(auditEvents)
    .where(grant ? or(eq(auditEvents.requestId, request.id), eq(auditEvents.grantId, grant.id)) : eq(auditEvents.requestId, request.id))
    .orderBy(asc(auditEvents.seq));
  return {
    request: {
      id: request.id,
      status: request.status,
      accessLevel: request.accessLevel,
      durationMinutes: request.durationMinutes,
      justification: request.justification,
      ticket: request.ticket,
      createdAt: request.createdAt.toISOString(),
    },
    grant: grant && {
      id: grant.id,
      status: grant.status,
      connectorKind: grant.connectorKind,
      issuedAt: iso(grant.issuedAt),
      expiresAt: iso(grant.expiresAt),
      endedAt: iso(grant.endedAt),
    },
    resourceName: row.resourceName,
    requester: row.requester,
    events: events.map((event) => toView(event, row.resourceName)),
  };
}
