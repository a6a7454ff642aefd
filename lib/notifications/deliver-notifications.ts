import "server-only";
// The outbox's sender, run by the worker after the transitions it reports have committed.
// Due deliveries are claimed with FOR UPDATE SKIP LOCKED and a lease (with a token only the
// claimant knows), so several workers never send one message twice, and a worker that dies
// mid-batch only delays its messages until the lease runs out. Each attempt is recorded; a
// failure is retried with exponential backoff and, after MAX_DELIVERY_ATTEMPTS, given up as
// failed. Nothing here touches grants or requests: a failing channel delays only messages.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { notificationAttempts, notificationDeliveries, notifications, teamNotificationSettings, users, type NotificationDelivery } from "@/db/schema";
import { mapWithConcurrency } from "@/lib/concurrency";
import type { Deps } from "@/lib/deps";
import { addMs } from "@/lib/lifecycle/duration";
import { log } from "@/lib/log";
import { sendChat } from "./channels/chat";
import { createMailer, type Mailer } from "./channels/email";
import { sendSignedWebhook } from "./channels/webhook";
import type { OutgoingMessage } from "./message";
import { deliveryRetryDelayMs, MAX_DELIVERY_ATTEMPTS, notificationLeaseMs, portalBaseUrl, smtpSettings } from "./settings";
import { openTeamSecret } from "./team-secrets";

export interface DeliverySweepResult {
  sent: number;
  failed: number;
}

/** Gives up without retrying: retrying could not help. */
class PermanentFailure extends Error {}

const claimable = (now: Date) =>
  and(eq(notificationDeliveries.status, "pending"), lte(notificationDeliveries.nextAttemptAt, now), or(isNull(notificationDeliveries.leaseUntil), lte(notificationDeliveries.leaseUntil, now)));

/** Claims up to `limit` due deliveries for this caller; exported so tests can play a worker that dies holding them. */
export async function claimDueDeliveries(deps: Deps, limit: number): Promise<{ token: string; claimed: NotificationDelivery[] }> {
  const now = deps.clock();
  const token = randomUUID();
  const due = deps.db
    .select({ id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .where(claimable(now))
    .orderBy(asc(notificationDeliveries.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await deps.db
    .update(notificationDeliveries)
    .set({ leaseUntil: addMs(now, notificationLeaseMs()), leaseToken: token, attempts: sql`${notificationDeliveries.attempts} + 1` })
    .where(and(inArray(notificationDeliveries.id, due), claimable(now)))
    .returning();
  return { token, claimed };
}

interface SweepContext {
  token: string;
  baseUrl: string;
  /** Null while no SMTP server is configured. */
  mailer: Mailer | null;
}

async function send(deps: Deps, ctx: SweepContext, delivery: NotificationDelivery, message: OutgoingMessage): Promise<void> {
  if (delivery.channel === "email") {
    if (!ctx.mailer) throw new PermanentFailure("email is not configured (LAPSE_SMTP_HOST)");
    const [user] = await deps.db.select({ email: users.email, disabled: users.disabled }).from(users).where(eq(users.id, delivery.userId!));
    if (!user || user.disabled) throw new PermanentFailure("the recipient's account is disabled");
    return ctx.mailer.send(user.email, message);
  }
  const [team] = await deps.db.select().from(teamNotificationSettings).where(eq(teamNotificationSettings.teamId, delivery.teamId!));
  if (delivery.channel === "chat") {
    if (!team?.chatWebhookCiphertext) throw new PermanentFailure("the team no longer has a chat webhook");
    return sendChat(openTeamSecret(team.teamId, "chat", team.chatWebhookCiphertext), message);
  }
  if (!team?.webhookUrl || !team.webhookSecretCiphertext) throw new PermanentFailure("the team no longer has a signed webhook");
  return sendSignedWebhook(team.webhookUrl, openTeamSecret(team.teamId, "webhook", team.webhookSecretCiphertext), message, deps.clock());
}

/** A short reason for the record: never a URL (a chat webhook URL is a credential) or a stack. */
function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
  return text.replace(/https?:\/\/\S+/g, "<url>").slice(0, 300);
}

/**
 * The time one send may take at most (SMTP connection, greeting and socket timeouts; 10 s for
 * chat and webhooks). A delivery is started only while its lease has at least this long to run.
 */
const SEND_BUDGET_MS = 25_000;

/**
 * Hands an unsent delivery back: its lease is cleared and the claim's attempt uncounted. Used
 * when a slow channel has eaten a batch's lease, so a worker that takes the delivery over once
 * the lease ends never sends it a second time alongside this one.
 */
async function handBack(deps: Deps, token: string, delivery: NotificationDelivery): Promise<void> {
  await deps.db
    .update(notificationDeliveries)
    .set({ leaseUntil: null, leaseToken: null, attempts: sql`${notificationDeliveries.attempts} - 1` })
    .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.leaseToken, token), eq(notificationDeliveries.status, "pending")));
}

async function deliverOne(deps: Deps, ctx: SweepContext, delivery: NotificationDelivery): Promise<"sent" | "failed" | "handedBack"> {
  const { token } = ctx;
  const leaseLeft = (delivery.leaseUntil?.getTime() ?? 0) - deps.clock().getTime();
  if (leaseLeft < Math.min(SEND_BUDGET_MS, notificationLeaseMs() / 2)) {
    await handBack(deps, token, delivery);
    return "handedBack";
  }
  let error: unknown = null;
  try {
    const [notification] = await deps.db.select().from(notifications).where(eq(notifications.id, delivery.notificationId));
    await send(deps, ctx, delivery, { deliveryId: delivery.id, notification, baseUrl: ctx.baseUrl });
  } catch (caught) {
    error = caught;
  }
  const at = deps.clock();
  const reason = error ? describe(error) : null;
  const giveUp = error instanceof PermanentFailure || delivery.attempts >= MAX_DELIVERY_ATTEMPTS;
  if (error) log.warn({ deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempts, reason, giveUp }, "notification delivery failed");
  await deps.db.transaction(async (tx) => {
    await tx.insert(notificationAttempts).values({ deliveryId: delivery.id, attempt: delivery.attempts, attemptedAt: at, ok: !error, error: reason });
    await tx
      .update(notificationDeliveries)
      .set(
        !error
          ? { status: "sent", sentAt: at, leaseUntil: null, leaseToken: null, lastError: null }
          : giveUp
            ? { status: "failed", leaseUntil: null, leaseToken: null, lastError: reason }
            : { nextAttemptAt: addMs(at, deliveryRetryDelayMs(delivery.attempts)), leaseUntil: null, leaseToken: null, lastError: reason },
      )
      // Only the lease holder records the outcome (a lease that ran out may be someone else's now).
      .where(and(eq(notificationDeliveries.id, delivery.id), eq(notificationDeliveries.leaseToken, token), eq(notificationDeliveries.status, "pending")));
  });
  return error ? "failed" : "sent";
}

export async function deliverNotifications(deps: Deps, options: { batchSize?: number; concurrency?: number; maxBatches?: number } = {}): Promise<DeliverySweepResult> {
  const { batchSize = 100, concurrency = 4, maxBatches = 5 } = options;
  const result: DeliverySweepResult = { sent: 0, failed: 0 };
  const baseUrl = portalBaseUrl();
  const smtp = smtpSettings();
  let mailer: Mailer | null = null;
  try {
    for (let batch = 0; batch < maxBatches; batch++) {
      const { token, claimed } = await claimDueDeliveries(deps, batchSize);
      if (claimed.length === 0) break;
      // Opened only when there is something to send; it connects on first use.
      mailer ??= smtp ? createMailer(smtp) : null;
      const ctx: SweepContext = { token, baseUrl, mailer };
      const outcomes = await mapWithConcurrency(claimed, concurrency, (delivery) => deliverOne(deps, ctx, delivery));
      for (const outcome of outcomes) if (outcome !== "handedBack") result[outcome]++;
      // A batch that outlasted its lease says the channels are slow now: leave the rest for the next sweep.
      if (claimed.length < batchSize || outcomes.includes("handedBack")) break;
    }
  } finally {
    mailer?.close();
  }
  return result;
}
