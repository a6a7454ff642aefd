import "server-only";
// A person's in-portal notifications, newest first, and how many are unread.
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { notificationInbox, notifications, type NotificationEvent } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export interface InboxItem {
  id: string;
  event: NotificationEvent;
  title: string;
  body: string;
  link: string;
  actionLabel: string | null;
  actionLink: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export async function listMyNotifications(actor: UserActor, deps: Pick<Deps, "db">, options: { limit?: number } = {}): Promise<InboxItem[]> {
  authorize(actor, "notification.read-own");
  return deps.db
    .select({
      id: notifications.id,
      event: notifications.event,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      actionLabel: notifications.actionLabel,
      actionLink: notifications.actionLink,
      createdAt: notifications.createdAt,
      readAt: notificationInbox.readAt,
    })
    .from(notificationInbox)
    .innerJoin(notifications, eq(notifications.id, notificationInbox.notificationId))
    .where(eq(notificationInbox.userId, actor.id))
    .orderBy(desc(notificationInbox.createdAt), desc(notifications.id))
    .limit(Math.min(options.limit ?? 100, 500));
}

export async function countMyUnread(actor: UserActor, deps: Pick<Deps, "db">): Promise<number> {
  authorize(actor, "notification.read-own");
  const [row] = await deps.db
    .select({ n: count() })
    .from(notificationInbox)
    .where(and(eq(notificationInbox.userId, actor.id), isNull(notificationInbox.readAt)));
  return row?.n ?? 0;
}
