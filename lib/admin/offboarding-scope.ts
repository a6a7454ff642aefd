import "server-only";
// What offboarding ends, as SQL conditions shared by the admin page (which says how much a
// disable will end) and the disable itself (which ends exactly that).
import { and, eq, gt, inArray, isNull, or } from "drizzle-orm";
import { accessRequests, grants } from "@/db/schema";
import { GRANT_TRANSITIONS, REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";

/** Requests of the user that are still waiting for a decision. */
export function pendingRequestsOf(userId: string) {
  return and(eq(accessRequests.requesterUserId, userId), inArray(accessRequests.status, REQUEST_TRANSITIONS.cancel.from))!;
}

/**
 * Grants of the user that give access or are about to: issuing, or active and not yet past
 * their time, and not already ended early. A grant past expires_at gives no access and
 * ends as expired on schedule.
 */
export function liveGrantsOf(userId: string, now: Date) {
  return and(
    eq(grants.principalUserId, userId),
    inArray(grants.status, GRANT_TRANSITIONS.revoke.from),
    isNull(grants.revokeRequestedAt),
    or(isNull(grants.expiresAt), gt(grants.expiresAt, now)),
  )!;
}
