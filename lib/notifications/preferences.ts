import "server-only";
// Per-person choice of events × channels (in Lapse, email). Everything is on until switched
// off; the saved form states every cell, so a save is the whole matrix.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { NOTIFICATION_EVENTS, USER_CHANNELS, notificationPreferences, type NotificationEvent, type UserChannel } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { parseInput } from "@/lib/validation";

export type PreferenceMatrix = Record<NotificationEvent, Record<UserChannel, boolean>>;

export const preferenceKey = (event: NotificationEvent, channel: UserChannel) => `${event}:${channel}`;
const KEYS = NOTIFICATION_EVENTS.flatMap((event) => USER_CHANNELS.map((channel) => preferenceKey(event, channel)));

export async function getNotificationPreferences(actor: UserActor, deps: Pick<Deps, "db">): Promise<PreferenceMatrix> {
  authorize(actor, "notification.preferences");
  const rows = await deps.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
  const matrix = Object.fromEntries(NOTIFICATION_EVENTS.map((event) => [event, { portal: true, email: true }])) as PreferenceMatrix;
  for (const row of rows) matrix[row.event][row.channel] = row.enabled;
  return matrix;
}

const saveInput = z.object({
  enabled: z.array(z.string().refine((key) => KEYS.includes(key), "Unknown notification choice.")).max(KEYS.length),
});

/** `enabled` lists the cells switched on ("event:channel"); every other cell is off. */
export async function saveNotificationPreferences(actor: UserActor, input: { enabled: string[] }, deps: Pick<Deps, "db">): Promise<PreferenceMatrix> {
  authorize(actor, "notification.preferences");
  const on = new Set(parseInput(saveInput, input).enabled);
  const rows = NOTIFICATION_EVENTS.flatMap((event) =>
    USER_CHANNELS.map((channel) => ({ userId: actor.id, event, channel, enabled: on.has(preferenceKey(event, channel)) })),
  );
  await deps.db.transaction(async (tx) => {
    await tx.delete(notificationPreferences).where(eq(notificationPreferences.userId, actor.id));
    await tx.insert(notificationPreferences).values(rows);
  });
  return getNotificationPreferences(actor, deps);
}
