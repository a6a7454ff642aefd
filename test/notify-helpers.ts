// Readers for notification tests: who was told what, on which channel.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { NOTIFICATION_EVENTS, notificationAttempts, notificationDeliveries, notificationInbox, notifications, type NotificationEvent } from "@/db/schema";

/** The notifications in a user's in-portal list, oldest first; ties (one transaction, one clock reading) in lifecycle order. */
export async function inboxOf(db: Db, userId: string) {
  const rows = await db
    .select({ id: notifications.id, event: notifications.event, title: notifications.title, body: notifications.body, link: notifications.link, actionLink: notifications.actionLink, readAt: notificationInbox.readAt, createdAt: notifications.createdAt })
    .from(notificationInbox)
    .innerJoin(notifications, eq(notifications.id, notificationInbox.notificationId))
    .where(eq(notificationInbox.userId, userId));
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || NOTIFICATION_EVENTS.indexOf(a.event) - NOTIFICATION_EVENTS.indexOf(b.event));
}

export const eventsIn = async (db: Db, userId: string): Promise<NotificationEvent[]> => (await inboxOf(db, userId)).map((n) => n.event);

export async function deliveriesOf(db: Db, options: { userIds?: string[]; teamIds?: string[] }) {
  const rows = await db
    .select({ delivery: notificationDeliveries, event: notifications.event })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .where(
      options.userIds
        ? inArray(notificationDeliveries.userId, options.userIds)
        : inArray(notificationDeliveries.teamId, options.teamIds ?? []),
    );
  return rows.map((row) => ({ ...row.delivery, event: row.event }));
}

export async function attemptsOf(db: Db, deliveryId: string) {
  return db.select().from(notificationAttempts).where(and(eq(notificationAttempts.deliveryId, deliveryId))).orderBy(asc(notificationAttempts.attempt));
}
