import "server-only";
// Notifications to a resource's owner team: drift found on the target, a break-glass grant
// to review (and a review gone overdue), a loosened policy waiting for a second owner; and
// to the author of such a change, what the second owner decided.
import { inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notifications, type Grant } from "@/db/schema";
import { emailOf, resourceOf } from "./context";
import { enqueueNotification } from "./enqueue-notification";
import { formatUtc } from "./format";
import { links } from "./links";
import { ownersOf } from "./recipients";
import { settleNotices } from "./settle-notices";

export async function notifyDriftDetected(
  tx: Tx,
  args: { resourceId: string; grantId: string | null; findingId: string; subject: string; reason: string; remedy: string; now: Date },
): Promise<void> {
  const resource = await resourceOf(tx, args.resourceId);
  await enqueueNotification(tx, {
    event: "grant.drift_detected",
    dedupeKey: `grant.drift_detected:${args.findingId}`,
    resourceId: resource.id,
    grantId: args.grantId,
    title: `Drift on ${resource.name}: ${args.subject}`,
    body: `The target of ${resource.name} shows ${args.reason}: ${args.subject}. ${args.remedy}; the finding closes once a later check sees it right.`,
    link: links.resource(resource.slug),
    userIds: await ownersOf(tx, resource.ownerTeamId),
    teamIds: [resource.ownerTeamId],
    now: args.now,
  });
}

type BreakGlassGrant = Pick<Grant, "id" | "resourceId" | "requestId" | "principalUserId" | "accessLevel" | "reviewDueAt">;

export async function notifyBreakGlassReview(tx: Tx, grant: BreakGlassGrant, stage: "due" | "overdue", now: Date): Promise<void> {
  const resource = await resourceOf(tx, grant.resourceId);
  const holder = await emailOf(tx, grant.principalUserId);
  const due = grant.reviewDueAt ? formatUtc(grant.reviewDueAt) : "soon";
  await enqueueNotification(tx, {
    event: stage === "due" ? "break_glass.review_due" : "break_glass.review_overdue",
    dedupeKey: `break_glass.review_${stage}:${grant.id}`,
    resourceId: resource.id,
    requestId: grant.requestId,
    grantId: grant.id,
    title: stage === "due" ? `Break-glass on ${resource.name} by ${holder}: review by ${due}` : `Break-glass review overdue on ${resource.name} (${holder})`,
    body:
      stage === "due"
        ? `${holder} broke the glass for ${grant.accessLevel} access to ${resource.name}. Your team must review this exception by ${due}; the holder cannot review it.`
        : `The review of ${holder}'s break-glass ${grant.accessLevel} access to ${resource.name} was due at ${due} and has not happened. Review it now.`,
    link: links.resource(resource.slug),
    // The person who broke the glass may be an owner too; they may not review it.
    userIds: await ownersOf(tx, resource.ownerTeamId, [grant.principalUserId]),
    teamIds: [resource.ownerTeamId],
    now,
  });
}

const awaitingKey = (resourceId: string, version: number) => `policy.awaiting_confirmation:${resourceId}:${version}`;

/**
 * Once a waiting policy change is settled (confirmed, rejected, withdrawn or overtaken by a
 * later save), its "waits for a second owner" entries are marked read in every owner's list:
 * nobody is invited to act on something already done. Emails already sent cannot be recalled.
 */
export async function settlePolicyNotices(tx: Tx, resourceId: string, versions: readonly number[], now: Date): Promise<void> {
  if (versions.length === 0) return;
  await settleNotices(tx, inArray(notifications.dedupeKey, versions.map((version) => awaitingKey(resourceId, version))), now);
}

export async function notifyPolicyAwaitingConfirmation(
  tx: Tx,
  args: { resourceId: string; version: number; authorId: string; changes: readonly string[]; now: Date },
): Promise<void> {
  const resource = await resourceOf(tx, args.resourceId);
  const author = await emailOf(tx, args.authorId);
  const summary = args.changes.length ? ` Changes: ${args.changes.join("; ")}.` : "";
  await enqueueNotification(tx, {
    event: "policy.awaiting_confirmation",
    dedupeKey: awaitingKey(resource.id, args.version),
    resourceId: resource.id,
    title: `Policy change on ${resource.name} waits for a second owner`,
    body: `${author} proposed version ${args.version} of the policy of ${resource.name}. It loosens control, so it applies only once another owner confirms it.${summary}`,
    link: links.policy(resource.slug),
    userIds: await ownersOf(tx, resource.ownerTeamId, [args.authorId]),
    teamIds: [resource.ownerTeamId],
    now: args.now,
  });
}

/** The author of a loosening hears what the second owner decided (never when they withdrew it themselves). */
export async function notifyPolicyReviewed(
  tx: Tx,
  args: { resourceId: string; version: number; authorId: string; reviewer: string; outcome: "confirmed" | "rejected"; now: Date },
): Promise<void> {
  const resource = await resourceOf(tx, args.resourceId);
  await enqueueNotification(tx, {
    event: "policy.reviewed",
    dedupeKey: `policy.reviewed:${args.resourceId}:${args.version}`,
    resourceId: resource.id,
    title: `Your policy change on ${resource.name} was ${args.outcome}`,
    body:
      args.outcome === "confirmed"
        ? `${args.reviewer} confirmed version ${args.version} of the policy of ${resource.name}: it applies from now on.`
        : `${args.reviewer} rejected version ${args.version} of the policy of ${resource.name}: the version before it still applies.`,
    link: links.policy(resource.slug),
    userIds: [args.authorId],
    teamIds: [],
    now: args.now,
  });
}
