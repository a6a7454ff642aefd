import "server-only";
// Marks notifications read: one (opening it) or all. Only the actor's own entries change.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notificationInbox, notifications } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const markInput = z.union([z.object({ notificationId: z.uuid({ error: "Unknown notification." }) }), z.object({ all: z.literal(true) })]);

/** Returns how many entries became read (0 when they already were, or are not the actor's). */
export async function markNotificationsRead(actor: UserActor, input: { notificationId: string } | { all: true }, deps: Deps): Promise<number> {
  authorize(actor, "notification.read-own");
  const parsed = parseInput(markInput, input);
  const now = deps.clock();
  const updated = await deps.db
    .update(notificationInbox)
    .set({ readAt: now })
    .where(
      and(
        eq(notificationInbox.userId, actor.id),
        isNull(notificationInbox.readAt),
        "notificationId" in parsed ? eq(notificationInbox.notificationId, parsed.notificationId) : undefined,
      ),
    )
    .returning({ id: notificationInbox.notificationId });
  return updated.length;
}

const openInput = z.object({ notificationId: z.uuid({ error: "Unknown notification." }), target: z.enum(["link", "action"]).default("link") });

/**
 * Opening a notification marks it read and returns where it leads: a path stored with the
 * notification, never one taken from the browser, so the link cannot be turned into a redirect elsewhere.
 */
export async function openNotification(actor: UserActor, input: { notificationId: string; target?: string }, deps: Deps): Promise<string> {
  authorize(actor, "notification.read-own");
  const { notificationId, target } = parseInput(openInput, input);
  const [row] = await deps.db
    .select({ link: notifications.link, actionLink: notifications.actionLink })
    .from(notificationInbox)
    .innerJoin(notifications, eq(notifications.id, notificationInbox.notificationId))
    .where(and(eq(notificationInbox.userId, actor.id), eq(notificationInbox.notificationId, notificationId)));
  if (!row) throw notFound("No such notification.");
  await markNotificationsRead(actor, { notificationId }, deps);
  return target === "action" && row.actionLink ? row.actionLink : row.link;
}
