import "server-only";
// Notifications to a grant's holder (issued, ended) and to its owner team when revoking it
// is overdue. Nothing about the connector goes in: no credentials, no settings, no errors.
import type { Tx } from "@/db/client";
import type { Grant } from "@/db/schema";
import { RELINQUISHED_REASON } from "@/lib/lifecycle/grant-rules";
import { emailOf, resourceOf, resourcesOf } from "./context";
import { enqueueNotification, enqueueNotifications } from "./enqueue-notification";
import { formatUtc } from "./format";
import { links } from "./links";
import { ownersOf } from "./recipients";

type GrantFacts = Pick<Grant, "id" | "resourceId" | "requestId" | "principalUserId" | "accessLevel" | "expiresAt">;

export async function notifyGrantIssued(tx: Tx, grant: GrantFacts, hasCredentials: boolean, now: Date): Promise<void> {
  const resource = await resourceOf(tx, grant.resourceId);
  await enqueueNotification(tx, {
    event: "grant.issued",
    resourceId: resource.id,
    requestId: grant.requestId,
    grantId: grant.id,
    title: `Access granted: ${grant.accessLevel} on ${resource.name}`,
    body: `Your ${grant.accessLevel} access to ${resource.name} is live until ${formatUtc(grant.expiresAt!)}.${hasCredentials ? " Your credentials wait for you in Lapse, shown once." : ""}`,
    link: links.myGrant(grant.id),
    userIds: [grant.principalUserId],
    now,
  });
}

type EndedGrantFacts = GrantFacts & Pick<Grant, "revokeReason" | "revokeRequestedBy">;

export async function notifyGrantEnded(tx: Tx, grant: EndedGrantFacts, ending: "expire" | "revoke", now: Date): Promise<void> {
  await notifyGrantsEnded(tx, [{ grant, ending, now }]);
}

/**
 * What the holder reads when access ended: on schedule; given back by themselves; or ended
 * early by someone else, named with their reason, so the holder knows whom to ask.
 */
function endedBody(grant: EndedGrantFacts, ending: "expire" | "revoke", resourceName: string): string {
  const what = `${grant.accessLevel} access to ${resourceName}`;
  if (ending === "expire") return `Your ${what} ended on schedule and has been revoked.`;
  if (grant.revokeReason === RELINQUISHED_REASON) return `You gave back your ${what} before its time. It has been revoked.`;
  const by = grant.revokeRequestedBy ? ` by ${grant.revokeRequestedBy}` : "";
  const why = grant.revokeReason ? `: “${grant.revokeReason}”` : "";
  return `Your ${what} was ended early${by}${why}. It has been revoked.`;
}

/** Holders of many grants ended in one transaction (the expiry sweep): a few statements in all. */
export async function notifyGrantsEnded(tx: Tx, ended: readonly { grant: EndedGrantFacts; ending: "expire" | "revoke"; now: Date }[]): Promise<void> {
  if (ended.length === 0) return;
  const named = await resourcesOf(tx, ended.map(({ grant }) => grant.resourceId));
  await enqueueNotifications(
    tx,
    ended.map(({ grant, ending, now }) => {
      const resource = named.get(grant.resourceId)!;
      return {
        event: "grant.ended" as const,
        resourceId: resource.id,
        requestId: grant.requestId,
        grantId: grant.id,
        title: `Access ${ending === "expire" ? "expired" : "revoked"}: ${grant.accessLevel} on ${resource.name}`,
        body: endedBody(grant, ending, resource.name),
        link: links.myGrant(grant.id),
        userIds: [grant.principalUserId],
        now,
      };
    }),
  );
}

/** The first failed revoke of a grant that is due: the owner team hears once, and Lapse keeps retrying. */
export async function notifyRevocationOverdue(tx: Tx, grant: GrantFacts, now: Date): Promise<void> {
  const resource = await resourceOf(tx, grant.resourceId);
  const holder = await emailOf(tx, grant.principalUserId);
  await enqueueNotification(tx, {
    event: "grant.revocation_overdue",
    dedupeKey: `grant.revocation_overdue:${grant.id}`,
    resourceId: resource.id,
    requestId: grant.requestId,
    grantId: grant.id,
    title: `Revocation overdue on ${resource.name}: ${holder}'s ${grant.accessLevel}`,
    body: `Lapse could not confirm that ${holder}'s ${grant.accessLevel} access to ${resource.name} was removed from the target. Lapse's access check already denies it; revocation is retried with backoff. Check the target.`,
    link: links.resource(resource.slug),
    userIds: await ownersOf(tx, resource.ownerTeamId),
    teamIds: [resource.ownerTeamId],
    now,
  });
}
