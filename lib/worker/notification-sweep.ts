import "server-only";
// The notification side of the worker, on a loop of its own: expiry warnings, overdue
// break-glass reminders, then delivery of the outbox. It never shares a loop with expiry, so a
// mail server that accepts connections and never answers (each send may wait up to its
// timeouts) delays messages, never a revocation (issue 10, DESIGN §5).
import type { Deps } from "@/lib/deps";
import { log } from "@/lib/log";
import { deliverNotifications } from "@/lib/notifications/deliver-notifications";
import { remindOverdueBreakGlassReviews } from "@/lib/notifications/remind-break-glass-reviews";
import { warnExpiringGrants } from "@/lib/notifications/warn-expiring-grants";

export interface NotificationSweepStats {
  sent: number;
  failed: number;
}

/** Each part fails on its own: a broken warning job must not stop delivery of what is queued. */
export async function runNotificationSweep(deps: Deps): Promise<NotificationSweepStats> {
  for (const [name, job] of [
    ["expiry warnings", warnExpiringGrants],
    ["break-glass reminders", remindOverdueBreakGlassReviews],
  ] as const) {
    try {
      await job(deps);
    } catch (error) {
      log.error({ err: error }, `${name} failed; delivery and lifecycle work are unaffected`);
    }
  }
  try {
    return await deliverNotifications(deps);
  } catch (error) {
    log.error({ err: error }, "notification delivery failed; lifecycle work is unaffected");
    return { sent: 0, failed: 0 };
  }
}
