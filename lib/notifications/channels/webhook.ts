import "server-only";
// A team's generic webhook: JSON signed like Lapse's connector webhooks (`Lapse-Signature:
// t=<unix>,v1=<HMAC-SHA256 of "t.body">`, `Lapse-Delivery: <delivery id>`), so receivers
// check it with lib/connectors/verify-webhook-signature.ts, which also refuses repeated delivery ids.
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook } from "@/lib/connectors/verify-webhook-signature";
import { webhookPayload, type OutgoingMessage } from "../message";
import { postJson } from "./post-json";

export async function sendSignedWebhook(url: string, key: string, message: OutgoingMessage, now: Date): Promise<void> {
  const body = JSON.stringify(webhookPayload(message, now));
  await postJson(url, body, {
    [SIGNATURE_HEADER]: signWebhook(body, key, Math.floor(now.getTime() / 1000)),
    [DELIVERY_HEADER]: message.deliveryId,
  });
}
