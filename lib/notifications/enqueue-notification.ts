import "server-only";
// The outbox. Called inside the transaction of the transition it tells about, next to its
// audit event: the notification, each recipient's in-portal entry and one delivery row per
// external message commit (or roll back) with the transition. Nothing is sent here; the
// worker sends after commit, so a message never announces something that did not happen,
// and a mail server that is down never delays or undoes a grant.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { insertFromJson } from "@/db/insert-json";
import { rowsOf } from "@/db/rows";
import type { Tx } from "@/db/client";
import { notificationDeliveries, notificationInbox, notificationPreferences, notifications, teamNotificationSettings, users, workloadIdentities, type NotificationEvent } from "@/db/schema";
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
  const [id] = await enqueueNotifications(tx, [input]);
  return id;
}

/**
 * Several notifications in a handful of statements whatever their number (the expiry sweep
 * tells hundreds of holders at once). Returns each one's id, or null, in input order.
 */
export async function enqueueNotifications(tx: Tx, inputs: readonly NotificationInput[]): Promise<(string | null)[]> {
  if (inputs.length === 0) return [];
  const named = [...new Set(inputs.flatMap((input) => input.userIds))];
  // A disabled account hears nothing (an offboarded holder's grant ending, for one). A workload
  // has no mailbox and never signs in: what is meant for it goes to its owner team's channels.
  const enabledRows = named.length
    ? await tx
        .select({ id: users.id, kind: users.kind, ownerTeamId: workloadIdentities.ownerTeamId })
        .from(users)
        .leftJoin(workloadIdentities, eq(workloadIdentities.userId, users.id))
        .where(and(inArray(users.id, named), eq(users.disabled, false)))
    : [];
  const people = new Set(enabledRows.filter((row) => row.kind !== "workload").map((row) => row.id));
  const ownerTeamOfWorkload = new Map(enabledRows.flatMap((row) => (row.kind === "workload" && row.ownerTeamId ? [[row.id, row.ownerTeamId] as const] : [])));
  const teamsOf = (input: NotificationInput) => [...new Set([...(input.teamIds ?? []), ...input.userIds.flatMap((id) => ownerTeamOfWorkload.get(id) ?? [])])];
  const allTeams = [...new Set(inputs.flatMap(teamsOf))];
  const channelsOf = new Map(
    (allTeams.length ? await tx.select().from(teamNotificationSettings).where(inArray(teamNotificationSettings.teamId, allTeams)) : []).map((team) => [team.teamId, team]),
  );
  const planned = inputs.map((input) => ({
    input,
    id: randomUUID(),
    userIds: [...new Set(input.userIds)].filter((id) => people.has(id)),
    teamChannels: teamsOf(input).flatMap((teamId) => channelsOf.get(teamId) ?? []),
  }));
  const wanted = planned.filter((p) => p.userIds.length > 0 || p.teamChannels.length > 0);
  if (wanted.length === 0) return inputs.map(() => null);

  // One JSON parameter for all the rows (the expiry sweep tells hundreds of holders at once).
  const notificationRows = wanted.map(({ id, input }) => ({
    id,
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
  }));
  const created = new Set(
    rowsOf<{ id: string }>(
      await tx.execute(insertFromJson(notifications, notificationRows, sql`on conflict (${sql.identifier(notifications.dedupeKey.name)}) do nothing returning ${sql.identifier(notifications.id.name)} as "id"`)),
    ).map((row) => row.id),
  );
  const sent = wanted.filter((p) => created.has(p.id));

  const recipients = [...new Set(sent.flatMap((p) => p.userIds))];
  const events = [...new Set(sent.map((p) => p.input.event))];
  const off = recipients.length
    ? await tx
        .select({ userId: notificationPreferences.userId, event: notificationPreferences.event, channel: notificationPreferences.channel })
        .from(notificationPreferences)
        .where(and(inArray(notificationPreferences.userId, recipients), inArray(notificationPreferences.event, events), eq(notificationPreferences.enabled, false)))
    : [];
  const wantsNot = new Set(off.map((row) => `${row.userId}:${row.event}:${row.channel}`));
  const email = emailEnabled();

  const inbox = sent.flatMap(({ id, input, userIds }) =>
    userIds.filter((userId) => !wantsNot.has(`${userId}:${input.event}:portal`)).map((userId) => ({ notificationId: id, userId, createdAt: input.now })),
  );
  if (inbox.length) await tx.execute(insertFromJson(notificationInbox, inbox));
  const deliveries = sent.flatMap(({ id, input, userIds, teamChannels }) => {
    // Every row names both userId and teamId: one JSON insert takes its columns from the first row.
    const pending = { notificationId: id, status: "pending" as const, nextAttemptAt: input.now, createdAt: input.now, userId: null as string | null, teamId: null as string | null };
    return [
      ...(email ? userIds.filter((userId) => !wantsNot.has(`${userId}:${input.event}:email`)) : []).map((userId) => ({ ...pending, channel: "email" as const, userId })),
      ...teamChannels.flatMap((team) => [
        ...(team.chatWebhookCiphertext ? [{ ...pending, channel: "chat" as const, teamId: team.teamId }] : []),
        ...(team.webhookUrl && team.webhookSecretCiphertext ? [{ ...pending, channel: "webhook" as const, teamId: team.teamId }] : []),
      ]),
    ];
  });
  if (deliveries.length) await tx.execute(insertFromJson(notificationDeliveries, deliveries));
  return planned.map((plan) => (created.has(plan.id) ? plan.id : null));
}
