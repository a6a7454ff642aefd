import "server-only";
// Notifications about requests: a new one waits for its approvers (never its requester); a
// decision reaches the requester, and the other approvers learn it is already decided so
// nobody acts on a stale message.
import type { Tx } from "@/db/client";
import { and, eq, isNull } from "drizzle-orm";
import { notifications, type AccessRequest } from "@/db/schema";
import { formatMinutes } from "@/lib/lifecycle/duration";
import { emailOf, resourceOf } from "./context";
import { enqueueNotification } from "./enqueue-notification";
import { links } from "./links";
import { approversOf } from "./recipients";
import { settleNotices } from "./settle-notices";

type RequestFacts = Pick<AccessRequest, "id" | "resourceId" | "requesterUserId" | "accessLevel" | "durationMinutes" | "ticket" | "approvalsRequired">;

export async function notifyRequestCreated(tx: Tx, request: RequestFacts, now: Date): Promise<void> {
  const resource = await resourceOf(tx, request.resourceId);
  const requester = await emailOf(tx, request.requesterUserId);
  const approvers = await approversOf(tx, request.resourceId, [request.requesterUserId]);
  const rule = request.approvalsRequired > 1 ? `${request.approvalsRequired} different approvers must approve.` : "One approval decides it.";
  await enqueueNotification(tx, {
    event: "request.awaiting_decision",
    resourceId: resource.id,
    requestId: request.id,
    title: `Decision needed: ${requester} asks for ${request.accessLevel} on ${resource.name}`,
    body: `${requester} asks for ${request.accessLevel} access to ${resource.name} for ${formatMinutes(request.durationMinutes)}${request.ticket ? ` (ticket ${request.ticket})` : ""}. ${rule}`,
    link: links.approval(request.id),
    userIds: approvers.userIds,
    teamIds: approvers.teamIds,
    now,
  });
}

export type RequestOutcome = "approved" | "denied" | "timed out" | "cancelled";

/**
 * Once a request (or extension) is settled, the "decision needed" entries about it are
 * marked read in everyone's list: nobody is invited to act on something already done (the
 * other approvers get "already decided" instead). Emails already sent cannot be recalled.
 */
export async function settleDecisionNotices(tx: Tx, where: { requestId: string; extensionGrantId?: string }, now: Date): Promise<void> {
  await settleNotices(
    tx,
    and(
      eq(notifications.event, "request.awaiting_decision"),
      eq(notifications.requestId, where.requestId),
      where.extensionGrantId ? eq(notifications.grantId, where.extensionGrantId) : isNull(notifications.grantId),
    )!,
    now,
  );
}

export async function notifyRequestDecided(
  tx: Tx,
  args: { request: RequestFacts; outcome: RequestOutcome; decidedBy: { id: string | null; label: string }; comment?: string; now: Date },
): Promise<void> {
  const { request, outcome, decidedBy, now } = args;
  const resource = await resourceOf(tx, request.resourceId);
  const comment = args.comment?.trim() ? ` Comment: “${args.comment.trim()}”` : "";
  const what = `${request.accessLevel} on ${resource.name}`;
  // The requester withdrew it themselves: only the approvers need telling.
  if (outcome !== "cancelled") await enqueueNotification(tx, {
    event: "request.decided",
    resourceId: resource.id,
    requestId: request.id,
    title: `Your request was ${outcome}: ${what}`,
    body:
      outcome === "timed out"
        ? `Nobody decided your request for ${what} before its approval deadline, so it ended. Ask again if you still need access.`
        : `${decidedBy.label} ${outcome} your request for ${what}.${comment}${outcome === "approved" ? " Lapse is issuing your access now." : ""}`,
    link: links.myRequest(request.id),
    userIds: [request.requesterUserId],
    now,
  });

  await settleDecisionNotices(tx, { requestId: request.id }, now);
  const requester = await emailOf(tx, request.requesterUserId);
  const others = await approversOf(tx, request.resourceId, [request.requesterUserId, ...(decidedBy.id ? [decidedBy.id] : [])]);
  await enqueueNotification(tx, {
    event: "request.decided_elsewhere",
    resourceId: resource.id,
    requestId: request.id,
    title:
      outcome === "cancelled"
        ? `Withdrawn: ${requester}'s request for ${what}`
        : `Already decided by ${decidedBy.label}: ${requester}'s request for ${what}`,
    body: `No action needed: the request by ${requester} for ${what} was ${outcome}${outcome === "timed out" || outcome === "cancelled" ? "" : ` by ${decidedBy.label}`}.`,
    link: links.approvals(),
    userIds: others.userIds,
    // The team channels that were asked to decide hear that it is settled, too.
    teamIds: others.teamIds,
    now,
  });
}
