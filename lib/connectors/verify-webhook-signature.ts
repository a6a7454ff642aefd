// For receivers of Lapse webhooks (and Lapse's own tests): checks the `Lapse-Signature`
// header, `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, against the shared
// key, refuses deliveries whose timestamp is outside the replay window (default 5 min), and
// refuses a delivery whose id was already accepted inside that window (a replay).
//
// The delivery id is read from the signed body (`deliveryId`, which Lapse always sends and
// repeats in the `Lapse-Delivery` header): the header is not signed, so a replay could change
// it. A body without one is keyed by its signature, which still catches a byte-for-byte replay.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "lapse-signature";
export const DELIVERY_HEADER = "lapse-delivery";

export function signWebhook(body: string, key: string, timestampSeconds: number): string {
  const mac = createHmac("sha256", key).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * The delivery ids a receiver has accepted. A receiver with several instances passes one
 * backed by shared storage (e.g. `INSERT … ON CONFLICT DO NOTHING` on a table keyed by id,
 * or Redis `SET NX PX`); `add` must then be atomic, or two instances could both accept a replay.
 */
export interface SeenDeliveries {
  /** Records `id` until `forgetAt`. Answers false, recording nothing, when `id` is already recorded. */
  add(id: string, forgetAt: Date, now: Date): boolean | Promise<boolean>;
  /**
   * Forgets `id`: call it when handling an accepted delivery failed and you answer non-2xx,
   * so Lapse's retry (same delivery id) is accepted rather than refused as a replay.
   */
  delete(id: string): void | Promise<void>;
}

/** In one process's memory; forgets an id once a delivery carrying it could no longer pass the window. */
export class MemorySeenDeliveries implements SeenDeliveries {
  private readonly until = new Map<string, number>();
  private nextPruneAt = 0;

  add(id: string, forgetAt: Date, now: Date): boolean {
    const at = now.getTime();
    // Sweep out forgotten ids at most once a second, so a busy receiver does not scan on every delivery.
    if (at >= this.nextPruneAt) {
      for (const [seen, until] of this.until) if (until < at) this.until.delete(seen);
      this.nextPruneAt = at + 1000;
    }
    const known = this.until.get(id);
    if (known !== undefined && known >= at) return false;
    this.until.set(id, forgetAt.getTime());
    return true;
  }

  delete(id: string): void {
    this.until.delete(id);
  }

  get size(): number {
    return this.until.size;
  }
}

/** Used when the caller passes none: enough for a receiver that runs as one process. */
export const defaultSeenDeliveries = new MemorySeenDeliveries();

export type WebhookVerification =
  | { ok: true; timestamp: number; deliveryId: string }
  | { ok: false; reason: "malformed" | "bad_signature" | "outside_window" | "replayed" };

function deliveryIdOf(body: string, mac: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && typeof (parsed as { deliveryId?: unknown }).deliveryId === "string") {
      return (parsed as { deliveryId: string }).deliveryId;
    }
  } catch {
    // Not JSON: fall through to the signature.
  }
  return `sig:${mac}`;
}

/**
 * Verifies one delivery and, if it is genuine and fresh, records its id as seen. Answer
 * `replayed` with 2xx and do nothing (it was handled, or is being handled); answer the other
 * refusals with 4xx. The signature is checked before anything is recorded, so a forger
 * cannot use up the ids of real deliveries.
 */
export async function verifyWebhookSignature(options: {
  body: string;
  header: string | null | undefined;
  key: string;
  now?: Date;
  toleranceSeconds?: number;
  seen?: SeenDeliveries;
}): Promise<WebhookVerification> {
  const { body, header, key, now = new Date(), toleranceSeconds = 300, seen = defaultSeenDeliveries } = options;
  if (!header) return { ok: false, reason: "malformed" };
  const parts = Object.fromEntries(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? "")) return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", key).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(parts.v1, "hex"))) return { ok: false, reason: "bad_signature" };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: "outside_window" };
  const deliveryId = deliveryIdOf(body, parts.v1);
  // A delivery signed at t passes the window until t + tolerance; after that the window refuses it.
  if (!(await seen.add(deliveryId, new Date((timestamp + toleranceSeconds) * 1000), now))) return { ok: false, reason: "replayed" };
  return { ok: true, timestamp, deliveryId };
}
