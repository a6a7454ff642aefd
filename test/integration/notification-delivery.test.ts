// The outbox's delivery, on every engine: an SMTP outage delays messages but never the
// grant; each message goes once (a second worker, a worker that died holding a batch, a
// restart); team chat and signed webhooks arrive and verify. Concurrent workers on
// PostgreSQL: notification-delivery.postgres.test.ts.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, notificationDeliveries, policies } from "@/db/schema";
import { MemorySeenDeliveries, verifyWebhookSignature } from "@/lib/connectors/verify-webhook-signature";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { claimDueDeliveries, deliverNotifications } from "@/lib/notifications/deliver-notifications";
import { getTeamChannels, saveTeamChannels } from "@/lib/notifications/team-channels";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { createWorkload } from "@/lib/workloads/create-workload";
import { runSweep } from "@/lib/worker/run-sweep";
import { apiClient } from "../api-client";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError, grantFor } from "../helpers";
import { startHttpCapture } from "../http-capture";
import { attemptsOf, deliveriesOf } from "../notify-helpers";
import { startSmtpCapture, type SmtpCapture } from "../smtp-capture";

const BASE = "https://lapse.example.test";
let smtp: SmtpCapture;
let receiver: Awaited<ReturnType<typeof startHttpCapture>>;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpCapture();
  receiver = await startHttpCapture();
  process.env.LAPSE_SMTP_HOST = "127.0.0.1";
  process.env.LAPSE_SMTP_PORT = String(smtp.port);
  process.env.NEXTAUTH_URL = BASE;
  process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-team-webhooks";
  process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1"; // the receiver listens on 127.0.0.1
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
  await receiver.close();
});

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

describe.each(ENGINES)("notification delivery on %s", (engine) => {
  const handle = useTestDb(engine);

  it("lets an SMTP outage delay messages but not the grant, records every attempt and sends once the server is back", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    await smtp.stop();
    try {
      const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
      const decision = await approveRequest(s.approver, { requestId: request.id }, deps);
      expect(decision.outcome).toBe("approved");
      expect((await grantFor(db, request.id)).status).toBe("active");

      const sweep = await deliverNotifications(deps);
      expect(sweep.sent).toBe(0);
      expect(sweep.failed).toBeGreaterThanOrEqual(3);
    } finally {
      await smtp.start();
    }
    const waiting = await deliveriesOf(db, { userIds: [s.requester.id, s.approver.id, s.approver2.id] });
    // approver and approver2: the new request; requester: decided + issued; approver2: already decided.
    expect(waiting).toHaveLength(5);
    for (const d of waiting) {
      expect(d).toMatchObject({ status: "pending", attempts: 1, leaseToken: null });
      expect(d.nextAttemptAt.getTime()).toBe(deps.clock().getTime() + 30_000);
      expect(d.lastError).toMatch(/ECONNREFUSED|connect/i);
    }
    expect(await deliverNotifications(deps)).toEqual({ sent: 0, failed: 0 }); // backing off
    deps.clock.advance(30_000);
    await deliverNotifications(deps);
    const done = await deliveriesOf(db, { userIds: [s.requester.id, s.approver.id, s.approver2.id] });
    expect(done.map((d) => d.status)).toEqual(done.map(() => "sent"));
    for (const d of done) expect((await attemptsOf(db, d.id)).map((a) => a.ok)).toEqual([false, true]);
    expect(mailsTo(s.requester.email).map((m) => m.subject).sort()).toEqual([`Access granted: read on ${s.resource.name}`, `Your request was approved: read on ${s.resource.name}`]);
    expect(mailsTo(s.approver2.email)).toHaveLength(2);
  });

  it("sends each message once: a worker that died holding a batch, a second worker and a restart send nothing twice", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);

    // A worker claims everything due, then dies before sending.
    const { claimed } = await claimDueDeliveries(deps, 1000);
    const mine = claimed.filter((d) => d.userId === s.approver.id || d.userId === s.approver2.id);
    expect(mine).toHaveLength(4);
    // Another worker finds them leased.
    await deliverNotifications(deps);
    expect(mailsTo(s.approver.email)).toHaveLength(0);
    // Once the lease runs out, one worker sends them; running it again (a restart) sends nothing more.
    deps.clock.advance(61_000);
    await deliverNotifications(deps);
    await deliverNotifications(testDeps(db, { clock: deps.clock }));
    deps.clock.advance(10 * MINUTE_MS);
    await deliverNotifications(deps);
    const sent = [...mailsTo(s.approver.email), ...mailsTo(s.approver2.email)];
    expect(sent).toHaveLength(4);
    const ids = new Set(sent.map((m) => m.messageId));
    expect(ids.size).toBe(4);
    for (const d of mine) expect(ids.has(`<${d.id}@lapse.notifications>`)).toBe(true);
  });

  it("with LAPSE_SMTP_REQUIRE_TLS, sends nothing to a server that offers no STARTTLS, and records why", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    await createRequest(s.requester, requestTerms(s.resource.id), deps);
    process.env.LAPSE_SMTP_REQUIRE_TLS = "1";
    try {
      await deliverNotifications(deps);
    } finally {
      delete process.env.LAPSE_SMTP_REQUIRE_TLS;
    }
    expect(mailsTo(s.approver.email)).toHaveLength(0);
    const [refused] = await deliveriesOf(db, { userIds: [s.approver.id] });
    expect(refused).toMatchObject({ status: "pending", attempts: 1 });
    expect(refused.lastError).toMatch(/STARTTLS|TLS/i);
    deps.clock.advance(30_000);
    await deliverNotifications(deps);
    expect(mailsTo(s.approver.email)).toHaveLength(1);
  });

  it("hands back a delivery whose lease a slow batch used up: not sent, its attempt uncounted, sent once by the next sweep", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const before = await deliveriesOf(db, { userIds: [s.approver.id] });
    expect(before).toHaveLength(1);
    // The claim is made at `now`; by the time this delivery's turn comes, 40 s of its 60 s lease are gone.
    let calls = 0;
    const slowBatch = { ...deps, clock: () => new Date(deps.clock().getTime() + (calls++ === 0 ? 0 : 40_000)) };
    expect(await deliverNotifications(slowBatch)).toEqual({ sent: 0, failed: 0 });
    const [handedBack] = await deliveriesOf(db, { userIds: [s.approver.id] });
    expect(handedBack).toMatchObject({ status: "pending", attempts: 0, leaseToken: null, leaseUntil: null });
    expect(await attemptsOf(db, handedBack.id)).toEqual([]);
    expect(mailsTo(s.approver.email)).toHaveLength(0);

    await deliverNotifications(deps);
    expect(mailsTo(s.approver.email)).toHaveLength(1);
    const [sent] = await deliveriesOf(db, { userIds: [s.approver.id] });
    expect(sent).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("keeps expiry on time while the mail server accepts connections and never answers: the lifecycle sweep sends nothing", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const silent = net.createServer(() => {}); // accepts, never greets
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    process.env.LAPSE_SMTP_PORT = String((silent.address() as net.AddressInfo).port);
    try {
      const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
      await approveRequest(s.approver, { requestId: request.id }, deps);
      deps.clock.advance(5 * MINUTE_MS + 1);
      // Had the sweep tried to send, it would wait out the 10 s greeting timeout and record a failed attempt.
      const stats = await runSweep(deps, "test-instance");
      expect(stats.expired).toBe(1);
      expect((await grantFor(db, request.id)).status).toBe("expired");
      const queued = await deliveriesOf(db, { userIds: [s.requester.id] });
      expect(queued.length).toBeGreaterThan(0);
      expect(queued.every((d) => d.status === "pending" && d.attempts === 0)).toBe(true);
    } finally {
      process.env.LAPSE_SMTP_PORT = String(smtp.port);
      silent.close();
    }
  });

  it("posts to a team's chat webhook and its signed webhook, whose signature verifies", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const deps = testDeps(db);
    const { generatedKey, view } = await saveTeamChannels(admin, { teamId: s.teams.iam.id, chatWebhookUrl: `${receiver.url}/chat/T000/B000/secret-part`, webhookUrl: `${receiver.url}/hook` }, deps);
    expect(generatedKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(view).toMatchObject({ hasChatWebhook: true, webhookUrl: `${receiver.url}/hook`, hasWebhookKey: true });
    // The chat URL is a credential: never shown back, never in the audit log.
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, "team.notifications_changed"));
    expect(JSON.stringify(audit.details)).not.toContain("secret-part");
    expect(JSON.stringify(audit.details)).not.toContain(generatedKey!);

    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await deliverNotifications(deps);
    const chat = receiver.requests.filter((r) => r.path.startsWith("/chat/") && r.body.includes(request.id));
    expect(chat).toHaveLength(1);
    const payload = JSON.parse(chat[0].body);
    expect(payload.text).toContain(`Decision needed: ${s.requester.email}`);
    expect(payload.blocks[1].elements[0]).toMatchObject({ type: "button", url: `${BASE}/approvals#request-${request.id}` });

    const hooks = receiver.requests.filter((r) => r.path === "/hook" && r.body.includes(request.id));
    expect(hooks).toHaveLength(1);
    const header = hooks[0].headers["lapse-signature"] as string;
    const seen = new MemorySeenDeliveries();
    expect(await verifyWebhookSignature({ body: hooks[0].body.replace("read", "admin"), header, key: generatedKey!, now: deps.clock(), seen })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await verifyWebhookSignature({ body: hooks[0].body, header, key: generatedKey!, now: deps.clock(), seen })).toMatchObject({ ok: true, deliveryId: hooks[0].headers["lapse-delivery"] });
    expect(await verifyWebhookSignature({ body: hooks[0].body, header, key: generatedKey!, now: deps.clock(), seen })).toEqual({ ok: false, reason: "replayed" });
    expect(JSON.parse(hooks[0].body)).toMatchObject({ event: "request.awaiting_decision", requestId: request.id, deliveryId: hooks[0].headers["lapse-delivery"] });

    // Each team channel has its own delivery row, recorded as sent.
    const teamDeliveries = await deliveriesOf(db, { teamIds: [s.teams.iam.id] });
    expect(teamDeliveries.map((d) => `${d.channel}:${d.status}`).sort()).toEqual(["chat:sent", "webhook:sent"]);

    // Once someone decides, the channel that was asked hears that it is settled: no stale "Decision needed".
    const chatBefore = receiver.requests.filter((r) => r.path.startsWith("/chat/")).length;
    await approveRequest(s.approver2, { requestId: request.id }, deps);
    await deliverNotifications(deps);
    const chatAfter = receiver.requests.filter((r) => r.path.startsWith("/chat/")).slice(chatBefore);
    expect(chatAfter.map((r) => JSON.parse(r.body).text as string)).toEqual([expect.stringContaining(`Already decided by ${s.approver2.email}: ${s.requester.email}'s request`)]);
  });

  it("tells a workload's owner team, on its channels, what is meant for the workload; never an email to the workload", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "auto" } });
    const admin = await makeUser(db, { roles: ["admin"] });
    const deps = testDeps(db);
    const { workload, key } = await createWorkload(admin, { name: `nightly-${Math.random().toString(36).slice(2, 8)}`, ownerTeamId: s.teams.devops.id, authKind: "api_key", keyExpiresInDays: 30 }, deps);
    await db.update(policies).set({ eligibleWorkloadIds: [workload.id] }).where(eq(policies.id, s.policy.id));
    await saveTeamChannels(admin, { teamId: s.teams.devops.id, webhookUrl: `${receiver.url}/devops` }, deps);

    const api = apiClient(() => ({ ...deps, rateLimit: 10_000 }));
    const asked = await api("POST", "/requests", { token: key!.secret, body: { resource: s.resource.slug, accessLevel: "read", duration: "PT15M", justification: "nightly reconciliation" } });
    expect(asked.status).toBe(201);
    expect(asked.body.status).toBe("approved");
    await deliverNotifications(deps);

    const toWorkload = await deliveriesOf(db, { userIds: [workload.userId] });
    expect(toWorkload).toEqual([]);
    expect(smtp.messages.filter((m) => m.to.some((to) => to.endsWith("@workloads.lapse.invalid")))).toEqual([]);
    const told = receiver.requests.filter((r) => r.path === "/devops" && r.body.includes(asked.body.id));
    expect(told.map((r) => JSON.parse(r.body).event)).toContain("grant.issued");
    const teamDeliveries = await deliveriesOf(db, { teamIds: [s.teams.devops.id] });
    expect(teamDeliveries.every((d) => d.status === "sent")).toBe(true);
  });

  it("lets admins set any team's channels and owners only their own; others are refused", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    await saveTeamChannels(s.owner, { teamId: s.teams.owners.id, webhookUrl: `${receiver.url}/owners`, webhookKey: "k".repeat(40) }, deps);
    expect(await getTeamChannels(s.owner, s.teams.owners.id, deps)).toMatchObject({ hasChatWebhook: false, hasWebhookKey: true });
    await expectServiceError(getTeamChannels(s.owner, s.teams.iam.id, deps), "not_found");
    await expectServiceError(getTeamChannels(s.owner, "not-a-team", deps), "not_found");
    await expectServiceError(saveTeamChannels(s.owner, { teamId: s.teams.iam.id, webhookUrl: `${receiver.url}/x` }, deps), "not_found");
    await expectServiceError(saveTeamChannels(s.approver, { teamId: s.teams.iam.id, webhookUrl: `${receiver.url}/x` }, deps), "forbidden");
    const short = await expectServiceError(saveTeamChannels(s.owner, { teamId: s.teams.owners.id, webhookUrl: `${receiver.url}/owners`, webhookKey: "short" }, deps), "invalid");
    expect(short.fieldErrors.webhookKey).toEqual(["A signing key needs at least 32 characters; leave it blank to have one generated."]);
    delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
    try {
      const local = await expectServiceError(saveTeamChannels(s.owner, { teamId: s.teams.owners.id, chatWebhookUrl: "http://127.0.0.1/hook" }, deps), "invalid");
      expect(local.fieldErrors.chatWebhookUrl?.[0]).toMatch(/must use https/);
    } finally {
      process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    }
    const [row] = await db.select().from(notificationDeliveries).where(eq(notificationDeliveries.teamId, s.teams.owners.id));
    expect(row).toBeUndefined();
  });
});
