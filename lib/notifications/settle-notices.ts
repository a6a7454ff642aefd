import "server-only";
// Notices that invited someone to act are marked read in everyone's list once the thing is
// settled: nobody is invited to act on something already done. Emails already sent cannot be
// recalled. Callers say which notifications (a condition on the notifications table).
import { and, inArray, isNull, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { notificationInbox, notifications } from "@/db/schema";

export async function settleNotices(tx: Tx, which: SQL, now: Date): Promise<void> {
  await tx
    .update(notificationInbox)
    .set({ readAt: now })
    .where(and(isNull(notificationInbox.readAt), inArray(notificationInbox.notificationId, tx.select({ id: notifications.id }).from(notifications).where(which))));
}
