import "server-only";
// Marks notifications read: one (opening it) or all. Only the actor's own entries change.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { notificationInbox } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
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
