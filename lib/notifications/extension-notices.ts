import "server-only";
// Extensions are decisions too: a holder's request for more time waits for the approvers who
// may decide it (never the holder), and the decision reaches the holder and the other approvers.
// They share the request events, so a person's preferences for those apply.
import type { Tx } from "@/db/client";
import type { ExtensionRequest, Grant } from "@/db/schema";
import { formatMinutes } from "@/lib/lifecycle/duration";
import { emailOf, resourceOf } from "./context";
import { enqueueNotification } from "./enqueue-notification";
import { formatUtc } from "./format";
import { links } from "./links";
import { approversOf } from "./recipients";
import { settleDecisionNotices } from "./request-notices";

type ExtensionFacts = Pick<ExtensionRequest, "id" | "resourceId" | "requesterUserId" | "minutes" | "approvalsRequired" | "grantId">;
type GrantFacts = Pick<Grant, "id" | "requestId" | "accessLevel" | "expiresAt">;

export async function notifyExtensionRequested(tx: Tx, extension: ExtensionFacts, grant: GrantFacts, now: Date): Promise<void> {
  const resource = await resourceOf(tx, extension.resourceId);
  const holder = await emailOf(tx, extension.requesterUserId);
  const approvers = await approversOf(tx, extension.resourceId, [extension.requesterUserId]);
  await enqueueNotification(tx, {
    event: "request.awaiting_decision",
    resourceId: resource.id,
    requestId: grant.requestId,
    grantId: grant.id,
    title: `Decision needed: ${holder} asks for ${formatMinutes(extension.minutes)} more of ${grant.accessLevel} on ${resource.name}`,
    body: `${holder} asks to extend their ${grant.accessLevel} access to ${resource.name} by ${formatMinutes(extension.minutes)} (it ends at ${formatUtc(grant.expiresAt!)} otherwise). ${extension.approvalsRequired > 1 ? `${extension.approvalsRequired} different approvers must approve.` : "One approval decides it."}`,
    link: links.extension(extension.id),
    userIds: approvers.userIds,
    teamIds: approvers.teamIds,
    now,
  });
}

export async function notifyExtensionDecided(
  tx: Tx,
  args: { extension: ExtensionFacts; grant: GrantFacts; outcome: "approved" | "denied"; decidedBy: { id: string; label: string }; comment?: string; now: Date },
): Promise<void> {
  const { extension, grant, outcome, decidedBy, now } = args;
  await settleDecisionNotices(tx, { requestId: grant.requestId, extensionGrantId: grant.id }, now);
  const resource = await resourceOf(tx, extension.resourceId);
  const what = `${formatMinutes(extension.minutes)} more of ${grant.accessLevel} on ${resource.name}`;
  const comment = args.comment?.trim() ? ` Comment: “${args.comment.trim()}”` : "";
  await enqueueNotification(tx, {
    event: "request.decided",
    resourceId: resource.id,
    requestId: grant.requestId,
    grantId: grant.id,
    title: `Your extension was ${outcome}: ${what}`,
    body: `${decidedBy.label} ${outcome} your extension.${outcome === "approved" ? ` Your access now ends at ${formatUtc(grant.expiresAt!)}.` : ""}${comment}`,
    link: links.myGrant(grant.id),
    userIds: [extension.requesterUserId],
    now,
  });
  const holder = await emailOf(tx, extension.requesterUserId);
  const others = await approversOf(tx, extension.resourceId, [extension.requesterUserId, decidedBy.id]);
  await enqueueNotification(tx, {
    event: "request.decided_elsewhere",
    resourceId: resource.id,
    requestId: grant.requestId,
    grantId: grant.id,
    title: `Already decided by ${decidedBy.label}: ${holder}'s extension (${what})`,
    body: `No action needed: the extension asked for by ${holder} was ${outcome} by ${decidedBy.label}.`,
    link: links.approvals(),
    userIds: others.userIds,
    teamIds: others.teamIds,
    now,
  });
}
