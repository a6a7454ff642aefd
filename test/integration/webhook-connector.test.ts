// The webhook connector against a local receiver: signed deliveries that verify, a failing
// receiver that leaves revocation overdue and retried, and replays refused by the helper.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { connectorConfigs } from "@/db/schema";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { MemorySeenDeliveries, signWebhook, verifyWebhookSignature } from "@/lib/connectors/verify-webhook-signature";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { actionsFor, expectServiceError, grantFor } from "../helpers";

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
    const seen = new MemorySeenDeliveries();
    // Tampered body or wrong key: refused (and nothing recorded, so the real one still passes).
    expect(await verifyWebhookSignature({ body: issued.body.replace("read", "admin"), header: issued.signature, key, now: deps.clock(), seen })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhookSignature({ body: issued.body, header: issued.signature, key: "x".repeat(43), now: deps.clock(), seen })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhookSignature({ body: issued.body, header: issued.signature, key, now: deps.clock(), seen })).toEqual({ ok: true, timestamp: expect.any(Number), deliveryId: issued.deliveryId });
    // The same delivery again a minute later, inside the window: a replay, refused.
    expect(await verifyWebhookSignature({ body: issued.body, header: issued.signature, key, now: new Date(deps.clock().getTime() + MINUTE_MS), seen })).toEqual({ ok: false, reason: "replayed" });
    // Ten minutes later: outside the window, refused whatever the store remembers.
    expect(await verifyWebhookSignature({ body: issued.body, header: issued.signature, key, now: new Date(deps.clock().getTime() + 10 * MINUTE_MS), seen: new MemorySeenDeliveries() })).toEqual({
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
    expect(await verifyWebhookSignature({ body: revoke.body, header: revoke.signature, key, now: deps.clock(), seen })).toMatchObject({ ok: true, deliveryId: revoke.deliveryId });
    expect(await verifyWebhookSignature({ body: revoke.body, header: revoke.signature, key, now: deps.clock(), seen })).toEqual({ ok: false, reason: "replayed" });
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.revoke_failed", "grant.revoke_failed", "grant.expired"]);
  });

  it("keeps the target while grants are live: another URL is refused until they end; the timeout may change", async () => {
    receiver.status = 200;
    receiver.delayMs = 0;
    const { db, deps, s } = await setup();
    const admin = await makeUser(db, { roles: ["admin"] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const elsewhere = url.replace("/hooks/lapse", "/hooks/other");
    const moved = await expectServiceError(saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url: elsewhere, timeoutMs: 1000 }, revision: 1 }, deps), "conflict");
    expect(moved.message).toMatch(/still live or being revoked on the current target/);
    const [kept] = await db.select().from(connectorConfigs).where(eq(connectorConfigs.resourceId, s.resource.id));
    expect(kept).toMatchObject({ revision: 1, settings: { url } });
    // Not a new target: allowed while the grant is live.
    await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url, timeoutMs: 2000 }, revision: 1 }, deps);

    deps.clock.advance(15 * MINUTE_MS + 1);
    expect(await expireDueGrants(deps)).toMatchObject({ expired: 1 });
    expect(await saveConnectorConfig(admin, { resourceId: s.resource.id, kind: "webhook", settings: { url: elsewhere, timeoutMs: 1000 }, revision: 2 }, deps)).toMatchObject({ revision: 3 });
    const [after] = await db.select().from(connectorConfigs).where(eq(connectorConfigs.resourceId, s.resource.id));
    expect(after.settings).toMatchObject({ url: elsewhere });
  });
});

describe("webhook signature helper", () => {
  const key = "k".repeat(32);
  const now = new Date("2026-06-01T09:00:00Z");
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const unix = (date: Date) => Math.floor(date.getTime() / 1000);
  const delivery = (deliveryId: string, signedAt = now, extra: Record<string, unknown> = {}) => {
    const body = JSON.stringify({ event: "grant.revoke", deliveryId, sentAt: signedAt.toISOString(), grant: { accessLevel: "read" }, ...extra });
    return { body, header: signWebhook(body, key, unix(signedAt)) };
  };

  it("accepts a valid delivery once and refuses the same delivery again inside the window", async () => {
    const seen = new MemorySeenDeliveries();
    const d = delivery("g1:grant.revoke");
    expect(await verifyWebhookSignature({ ...d, key, now, seen })).toEqual({ ok: true, timestamp: unix(now), deliveryId: "g1:grant.revoke" });
    expect(await verifyWebhookSignature({ ...d, key, now: at(1), seen })).toEqual({ ok: false, reason: "replayed" });
    expect(await verifyWebhookSignature({ ...d, key, now: at(299), seen })).toEqual({ ok: false, reason: "replayed" });
    // Another delivery is unaffected.
    expect(await verifyWebhookSignature({ ...delivery("g2:grant.revoke"), key, now: at(2), seen })).toMatchObject({ ok: true });
  });

  it("refuses a tampered body, a wrong key and a stale or future timestamp, and records none of them", async () => {
    const seen = new MemorySeenDeliveries();
    const d = delivery("g3:grant.issue");
    expect(await verifyWebhookSignature({ body: d.body.replace("read", "admin"), header: d.header, key, now, seen })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhookSignature({ ...d, key: "x".repeat(32), now, seen })).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhookSignature({ ...d, key, now: at(301), seen })).toEqual({ ok: false, reason: "outside_window" });
    expect(await verifyWebhookSignature({ ...d, key, now: at(-301), seen })).toEqual({ ok: false, reason: "outside_window" });
    expect(seen.size).toBe(0);
    // A forger cannot use up a real delivery's id: the genuine one still passes.
    expect(await verifyWebhookSignature({ ...d, key, now, seen })).toMatchObject({ ok: true });
  });

  it("keys on the delivery id inside the signed body, so the same event signed again later is still recognised", async () => {
    const seen = new MemorySeenDeliveries();
    expect(await verifyWebhookSignature({ ...delivery("g4:grant.revoke"), key, now, seen })).toMatchObject({ ok: true });
    // Lapse retrying the same event signs it again at a later time: same id, refused as already handled.
    expect(await verifyWebhookSignature({ ...delivery("g4:grant.revoke", at(60)), key, now: at(60), seen })).toEqual({ ok: false, reason: "replayed" });
  });

  it("forgets an id once the window has passed, and forgets one on request so a retry of a failed handling passes", async () => {
    const seen = new MemorySeenDeliveries();
    expect(await verifyWebhookSignature({ ...delivery("g5:grant.revoke"), key, now, seen })).toMatchObject({ ok: true });
    // Past t + 300 s the original would fail the window anyway; the id is dropped from memory.
    const later = at(400);
    expect(await verifyWebhookSignature({ ...delivery("g6:grant.revoke", later), key, now: later, seen })).toMatchObject({ ok: true });
    expect(seen.size).toBe(1);
    expect(await verifyWebhookSignature({ ...delivery("g5:grant.revoke", later), key, now: later, seen })).toMatchObject({ ok: true });

    const failed = delivery("g7:grant.revoke");
    expect(await verifyWebhookSignature({ ...failed, key, now, seen })).toMatchObject({ ok: true });
    seen.delete("g7:grant.revoke");
    expect(await verifyWebhookSignature({ ...failed, key, now: at(5), seen })).toMatchObject({ ok: true });
  });

  it("works with an asynchronous shared store, and keys a body without a delivery id by its signature", async () => {
    const table = new Set<string>();
    const shared = { add: async (id: string) => (table.has(id) ? false : (table.add(id), true)), delete: async (id: string) => void table.delete(id) };
    const body = "not json";
    const header = signWebhook(body, key, unix(now));
    expect(await verifyWebhookSignature({ body, header, key, now, seen: shared })).toMatchObject({ ok: true, deliveryId: expect.stringMatching(/^sig:[0-9a-f]{64}$/) });
    expect(await verifyWebhookSignature({ body, header, key, now, seen: shared })).toEqual({ ok: false, reason: "replayed" });
  });

  it("refuses malformed headers", async () => {
    const body = "{}";
    const header = signWebhook(body, key, unix(now));
    expect(await verifyWebhookSignature({ body, header, key, now, seen: new MemorySeenDeliveries() })).toMatchObject({ ok: true });
    expect(await verifyWebhookSignature({ body, header: "garbage", key, now })).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyWebhookSignature({ body, header: null, key, now })).toEqual({ ok: false, reason: "malformed" });
    expect(await verifyWebhookSignature({ body, header: "t=abc,v1=00", key, now })).toEqual({ ok: false, reason: "malformed" });
  });
});
