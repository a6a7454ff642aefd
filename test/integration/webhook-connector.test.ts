// The webhook connector against a local receiver: signed deliveries that verify, a failing
// receiver that leaves revocation overdue and retried, and replays refused by the helper.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { signWebhook, verifyWebhookSignature } from "@/lib/connectors/verify-webhook-signature";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { actionsFor, grantFor } from "../helpers";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";

interface Delivery {
  body: string;
  signature: string;
  deliveryId: string;
}

describe.each(ENGINES)("webhook connector on %s", (engine) => {
  const handle = useTestDb(engine);
  const received: Delivery[] = [];
  const receiver = { status: 200, delayMs: 0 };
  let server: http.Server;
  let url = "";

  beforeAll(async () => {
    process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["lapse-signature"]), deliveryId: String(req.headers["lapse-delivery"]) });
        setTimeout(() => {
          res.statusCode = receiver.status;
          res.end();
        }, receiver.delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/lapse`;
  });
  afterAll(async () => {
    delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function setup() {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { connectorKind: "webhook" });
    const admin = await makeUser(db, { roles: ["admin"] });
    const saved = await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url, timeoutMs: 1000 }, revision: 0 }, deps);
    return { db, deps, s, key: saved.generatedSecrets.signingKey };
  }

  it("delivers signed issue and revoke events; a failing receiver leaves the grant overdue and retried", async () => {
    receiver.status = 200;
    receiver.delayMs = 0;
    const { db, deps, s, key } = await setup();
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    expect(grant.status).toBe("active");

    const issued = received.at(-1)!;
    expect(JSON.parse(issued.body)).toMatchObject({ event: "grant.issue", grant: { id: grant.id, principal: `user:${s.requester.email}` } });
    expect(verifyWebhookSignature({ body: issued.body, header: issued.signature, key, now: deps.clock() })).toMatchObject({ ok: true });
    // Tampered body or wrong key: refused. A replay ten minutes later: refused.
    expect(verifyWebhookSignature({ body: issued.body.replace("read", "admin"), header: issued.signature, key, now: deps.clock() })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyWebhookSignature({ body: issued.body, header: issued.signature, key: "x".repeat(43), now: deps.clock() })).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyWebhookSignature({ body: issued.body, header: issued.signature, key, now: new Date(deps.clock().getTime() + 10 * MINUTE_MS) })).toEqual({
      ok: false,
      reason: "outside_window",
    });

    // At expiry the receiver fails: the grant stays active, overdue, retried.
    receiver.status = 503;
    deps.clock.advance(15 * MINUTE_MS + 1);
    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 1 });
    expect((await grantFor(db, request.id)).lastRevokeError).toContain("HTTP 503");

    // A timeout is a failure too.
    receiver.status = 200;
    receiver.delayMs = 2_000;
    deps.clock.advance(10_000);
    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 1 });

    receiver.delayMs = 0;
    deps.clock.advance(60_000);
    expect(await expireDueGrants(deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
    const revoke = received.at(-1)!;
    expect(JSON.parse(revoke.body)).toMatchObject({ event: "grant.revoke", grant: { id: grant.id } });
    expect(revoke.deliveryId).toBe(`${grant.id}:grant.revoke`);
    expect(verifyWebhookSignature({ body: revoke.body, header: revoke.signature, key, now: deps.clock() })).toMatchObject({ ok: true });
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.revoke_failed", "grant.revoke_failed", "grant.expired"]);
  });
});

describe("webhook signature helper", () => {
  it("refuses malformed headers", () => {
    const body = "{}";
    const now = new Date("2026-06-01T09:00:00Z");
    const header = signWebhook(body, "k".repeat(32), Math.floor(now.getTime() / 1000));
    expect(verifyWebhookSignature({ body, header, key: "k".repeat(32), now })).toMatchObject({ ok: true });
    expect(verifyWebhookSignature({ body, header: "garbage", key: "k".repeat(32), now })).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebhookSignature({ body, header: null, key: "k".repeat(32), now })).toEqual({ ok: false, reason: "malformed" });
  });
});
