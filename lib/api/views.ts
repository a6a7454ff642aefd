// What /api/v1 answers about requests and grants: durations in ISO 8601, times in UTC ISO
// strings, principals written user:<email> / workload:<name>. Pure mapping from rows.
import type { AccessRequest, Grant } from "@/db/schema";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { minutesToIsoDuration } from "@/lib/lifecycle/duration";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface ResourceRef {
  id: string;
  slug: string;
  name: string;
}

export function grantView(grant: Grant, resource: ResourceRef, holder: string, now: Date) {
  return {
    id: grant.id,
    requestId: grant.requestId,
    resource,
    principal: holder,
    accessLevel: grant.accessLevel,
    status: grant.status,
    live: isGrantLive(grant, now),
    duration: minutesToIsoDuration(grant.durationMinutes + grant.extendedMinutes),
    issuedAt: iso(grant.issuedAt),
    expiresAt: iso(grant.expiresAt),
    endedAt: iso(grant.endedAt ?? grant.revokeRequestedAt),
  };
}
export type GrantView = ReturnType<typeof grantView>;

export function requestView(request: AccessRequest, resource: ResourceRef, requester: string, grant: GrantView | null) {
  return {
    id: request.id,
    resource,
    requester,
    accessLevel: request.accessLevel,
    duration: minutesToIsoDuration(request.durationMinutes),
    justification: request.justification,
    ticket: request.ticket,
    pipeline: request.pipeline ?? null,
    status: request.status,
    breakGlass: request.breakGlass,
    createdAt: request.createdAt.toISOString(),
    decidedAt: iso(request.decidedAt),
    grant,
  };
}
export type RequestView = ReturnType<typeof requestView>;
