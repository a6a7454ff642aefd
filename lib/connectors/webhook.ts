import "server-only";
// Tells a receiving system about issue and revoke by a signed POST. A non-2xx answer, a
// redirect or a timeout is a failure: issuance stays pending and revocation stays overdue,
// and the worker retries with backoff. The delivery id is stable per grant and event, so a
// retried delivery can be recognised as the same one. A webhook cannot be read back: verify
// reports the ledger and says the target was not read.
import { loadConnectorConfig } from "./load-connector-config";
import { assertReachableTarget } from "./outbound-target";
import { recordOnlyConnector } from "./record-only";
import type { WebhookSecrets, WebhookSettings } from "./settings";
import type { Connector, ConnectorContext, ConnectorGrant } from "./types";
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook } from "./verify-webhook-signature";

export const WEBHOOK_KIND = "webhook";

async function deliver(event: "grant.issue" | "grant.revoke" | "grant.extend", grant: ConnectorGrant, ctx: ConnectorContext, extra: Record<string, unknown> = {}) {
  const config = await loadConnectorConfig(ctx.db, grant.resourceId, WEBHOOK_KIND);
  const settings = config.settings as WebhookSettings;
  const { signingKey } = config.secrets as WebhookSecrets;
  const url = new URL(settings.url);
  await assertReachableTarget(url.hostname);
  const deliveryId = `${grant.id}:${event}${extra.expiresAt ? `:${String(extra.expiresAt)}` : ""}`;
  const body = JSON.stringify({
    event,
    deliveryId,
    sentAt: ctx.now.toISOString(),
    grant: {
      id: grant.id,
      resourceId: grant.resourceId,
      principal: grant.principal,
      accessLevel: grant.accessLevel,
      issuedAt: grant.issuedAt.toISOString(),
      expiresAt: grant.expiresAt.toISOString(),
    },
    ...extra,
  });
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      [SIGNATURE_HEADER]: signWebhook(body, signingKey, Math.floor(ctx.now.getTime() / 1000)),
      [DELIVERY_HEADER]: deliveryId,
      "user-agent": "lapse-webhook/1",
    },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  // The body is not needed; release the connection.
  await response.body?.cancel().catch(() => {});
  if (response.status < 200 || response.status >= 300) throw new Error(`webhook answered HTTP ${response.status}`);
  return { deliveryId, status: response.status, url: `${url.origin}${url.pathname}` };
}

export const webhookConnector: Connector = {
  kind: WEBHOOK_KIND,
  async issue(grant, ctx) {
    return { details: await deliver("grant.issue", grant, ctx) };
  },
  async revoke(grant, ctx) {
    await deliver("grant.revoke", grant, ctx);
  },
  async verify(grant, ctx) {
    const ledger = await recordOnlyConnector.verify(grant, ctx);
    return { accessPresent: ledger.accessPresent, details: { mode: WEBHOOK_KIND, targetReadBack: false, ledgerAccessPresent: ledger.accessPresent, checkedAt: ctx.now.toISOString() } };
  },
  async extend(grant, newExpiresAt, ctx) {
    return { details: await deliver("grant.extend", grant, ctx, { expiresAt: newExpiresAt.toISOString() }) };
  },
};
