import "server-only";
// The outbox. Called inside the transaction of the transition it tells about, next to its
// audit event: the notification, each recipient's in-portal entry and one delivery row per
// external message commit (or roll back) with the transition. Nothing is sent here; the
// worker sends after commit, so a message never announces something that did not happen,
// and a mail server that is down never delays or undoes a grant.
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationDeliveries, notificationInbox, notificationPreferences, notifications, teamNotificationSettings, users, type NotificationEvent } from "@/db/schema";
import { emailEnabled } from "./settings";

export interface NotificationInput {
  event: NotificationEvent;
  /** Makes the notification happen at most once (sweeps that notify run again and again). */
  dedupeKey?: string;
  resourceId?: string | null;
  requestId?: string | null;
  grantId?: string | null;
  title: string;
  body: string;
  /** A path inside the portal. */
  link: string;
  action?: { label: string; link: string };
  /** People, by id; each one's preferences choose the in-portal list and email. */
  userIds: readonly string[];
  /** Teams, by id; their chat and signed webhooks, where configured. */
  teamIds?: readonly string[];
  now: Date;
}

/** Returns the notification's id, or null when there was nobody to tell or it was already told. */
export async function enqueueNotification(tx: Tx, input: NotificationInput): Promise<string | null> {
  const named = [...new Set(input.userIds)];
  // A disabled account hears nothing (an offboarded holder's grant ending, for one).
  const userIds = named.length
    ? (await tx.select({ id: users.id }).from(users).where(and(inArray(users.id, named), eq(users.disabled, false)))).map((row) => row.id)
    : [];
  const teamIds = [...new Set(input.teamIds ?? [])];
  const teamChannels = teamIds.length
    ? await tx.select().from(teamNotificationSettings).where(inArray(teamNotificationSettings.teamId, teamIds))
    : [];
  if (userIds.length === 0 && teamChannels.length === 0) return null;

  const [created] = await tx
    .insert(notifications)
    .values({
      event: input.event,
      dedupeKey: input.dedupeKey ?? null,
      resourceId: input.resourceId ?? null,
      requestId: input.requestId ?? null,
      grantId: input.grantId ?? null,
      title: input.title,
      body: input.body,
      link: input.link,
      actionLabel: input.action?.label ?? null,
      actionLink: input.action?.link ?? null,
      createdAt: input.now,
    })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  if (!created) return null;

  const off = userIds.length
    ? await tx
        .select({ userId: notificationPreferences.userId, channel: notificationPreferences.channel })
        .from(notificationPreferences)
        .where(and(inArray(notificationPreferences.userId, userIds), eq(notificationPreferences.event, input.event), eq(notificationPreferences.enabled, false)))
    : [];
  const wantsNot = new Set(off.map((row) => `${row.userId}:${row.channel}`));
  const inbox = userIds.filter((id) => !wantsNot.has(`${id}:portal`));
  const email = emailEnabled() ? userIds.filter((id) => !wantsNot.has(`${id}:email`)) : [];

  if (inbox.length) {
    await tx.insert(notificationInbox).values(inbox.map((userId) => ({ notificationId: created.id, userId, createdAt: input.now })));
  }
  const pending = { notificationId: created.id, status: "pending" as const, nextAttemptAt: input.now, createdAt: input.now };
  const deliveries = [
    ...email.map((userId) => ({ ...pending, channel: "email" as const, userId })),
    ...teamChannels.flatMap((team) => [
      ...(team.chatWebhookCiphertext ? [{ ...pending, channel: "chat" as const, teamId: team.teamId }] : []),
      ...(team.webhookUrl && team.webhookSecretCiphertext ? [{ ...pending, channel: "webhook" as const, teamId: team.teamId }] : []),
    ]),
  ];
  if (deliveries.length) await tx.insert(notificationDeliveries).values(deliveries);
  return created.id;
}
