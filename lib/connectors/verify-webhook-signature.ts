// For receivers of Lapse webhooks (and Lapse's own tests): checks the `Lapse-Signature`
// header, `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, against the shared
// key, and refuses deliveries whose timestamp is outside the replay window (default 5 min).
// A receiver should also drop a `Lapse-Delivery` id it has already processed inside the window.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "lapse-signature";
export const DELIVERY_HEADER = "lapse-delivery";

export function signWebhook(body: string, key: string, timestampSeconds: number): string {
  const mac = createHmac("sha256", key).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "bad_signature" | "outside_window" };

export function verifyWebhookSignature(options: {
  body: string;
  header: string | null | undefined;
  key: string;
  now?: Date;
  toleranceSeconds?: number;
}): WebhookVerification {
  const { body, header, key, now = new Date(), toleranceSeconds = 300 } = options;
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
  return { ok: true, timestamp };
}
