// Every /api/v1 operation with bad input answers 4xx with a problem document and a clear
// sentence, never 5xx; Idempotency-Key, rate limits, personal tokens and separation of duties.
import { describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { accessRequests } from "@/db/schema";
import { createDecisionToken, createPersonalToken, listPersonalTokens, revokePersonalToken } from "@/lib/api-tokens/personal-tokens";
import { approveRequest } from "@/lib/requests/decide-request";
import { endAllMySessions } from "@/lib/auth/sessions";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, testDeps } from "../factories";
import { apiClient } from "../api-client";
import { handleApiRequest } from "@/lib/api/handle-api-request";
import { manualClock } from "../clock";

describe.each(ENGINES)("API input and limits (%s)", (kind) => {
  const handle = useTestDb(kind);
  const clock = manualClock();
  let rateLimit = 10_000;
  const deps = () => ({ ...testDeps(handle().db, { clock }), rateLimit });
  const api = apiClient(deps);

  async function setup() {
    const s = await makeScenario(handle().db, { policy: { approvalRule: "single", maxDurationMinutes: 60, extensionsAllowed: true, maxTotalMinutes: 120 } });
    const requesterToken = (await createPersonalToken(s.requester, { name: "cli", expiresInDays: 30 }, deps())).secret;
    const approverToken = (await createPersonalToken(s.approver, { name: "cli", expiresInDays: 30 }, deps())).secret;
    return { ...s, requesterToken, approverToken };
  }

  it("answers bad input on every operation with 4xx and a sentence, never 5xx", async () => {
    const s = await setup();
    const valid = { resource: s.resource.slug, accessLevel: "read", duration: "PT15M", justification: "incident 7" };
    const pending = await api("POST", "/requests", { token: s.requesterToken, body: valid });
    expect(pending.status).toBe(201);
    // A token is not a recent sign-in: deciding through the API is refused (step-up), so the
    // approver decides in the portal (here: the service function with a freshly signed-in actor).
    const throughApi = await api("POST", `/requests/${pending.body.id}/approve`, { token: s.approverToken, body: {} });
    expect(throughApi).toMatchObject({ status: 403, body: { type: expect.stringMatching(/step-up-required$/), detail: expect.stringMatching(/API token/) } });
    const approved = await approveRequest(s.approver, { requestId: pending.body.id }, deps());
    expect(approved.outcome).toBe("approved");
    const grantId = approved.outcome === "approved" ? approved.grantId : "";

    const garbage = [undefined, null, 42, "PT15M", [], { x: 1 }];
    const createCases: [string, unknown, string][] = [
      ["missing fields", {}, "resource"],
      ["resource of the wrong type", { ...valid, resource: 7 }, "resource"],
      ["level of the wrong type", { ...valid, accessLevel: ["read"] }, "accessLevel"],
      ["duration over the maximum", { ...valid, duration: "PT2H" }, "duration"],
      ["P1Y", { ...valid, duration: "P1Y" }, "duration"],
      ["negative duration", { ...valid, duration: "-PT15M" }, "duration"],
      ["zero duration", { ...valid, duration: "PT0M" }, "duration"],
      ["garbage duration", { ...valid, duration: "soon" }, "duration"],
      ["duration as a number", { ...valid, duration: 15 }, "duration"],
      ["unknown level", { ...valid, accessLevel: "root" }, "accessLevel"],
      ["no justification", { ...valid, justification: "" }, "justification"],
      ["a requester named by the client", { ...valid, requester: "user:boss@example.test" }, "form"],
      ["pipeline of the wrong type", { ...valid, pipeline: "acme" }, "pipeline"],
      ["huge justification", { ...valid, justification: "x".repeat(3000) }, "justification"],
    ];
    for (const [name, body, field] of createCases) {
      const answer = await api("POST", "/requests", { token: s.requesterToken, body });
      expect({ name, status: answer.status }).toEqual({ name, status: 400 });
      expect(answer.body.type).toBe("https://lapse.dev/problems/invalid-request");
      expect(Object.keys(answer.body.errors ?? {}), name).toContain(field);
      expect(answer.body.errors[field].join(" ").length, name).toBeGreaterThan(5);
    }
    for (const body of garbage) {
      const answer = await api("POST", "/requests", { token: s.requesterToken, rawBody: JSON.stringify(body) ?? "" });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api("POST", "/requests", { token: s.requesterToken, rawBody: "{not json" })).body.type).toMatch(/malformed-json$/);

    const extendCases: [string, unknown][] = [
      ["missing duration", {}],
      ["P1Y", { duration: "P1Y" }],
      ["negative", { duration: "-PT5M" }],
      ["garbage", { duration: "later" }],
      ["wrong type", { duration: true }],
      ["over the maximum total", { duration: "PT2H" }],
      ["unknown field", { duration: "PT5M", grantId: grantId }],
    ];
    for (const [name, body] of extendCases) {
      const answer = await api("POST", `/grants/${grantId}/extend`, { token: s.requesterToken, body });
      expect({ name, status: answer.status }).toEqual({ name, status: 400 });
      expect(answer.body.detail, name).toEqual(expect.any(String));
    }

    const idPaths = ["/requests/{id}", "/requests/{id}/cancel", "/requests/{id}/approve", "/requests/{id}/deny", "/grants/{id}/extend", "/grants/{id}/relinquish", "/grants/{id}/credentials"];
    for (const path of idPaths) {
      const method = path === "/requests/{id}" ? "GET" : "POST";
      for (const id of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "%00", "%E0%A4%A"]) {
        const answer = await api(method, path.replace("{id}", id), { token: path.includes("approve") || path.includes("deny") ? s.approverToken : s.requesterToken, body: method === "POST" ? {} : undefined });
        expect({ path, id, ok: answer.status >= 400 && answer.status < 500 }).toEqual({ path, id, ok: true });
      }
      const wrongBody = await api("POST", path.replace("{id}", pending.body.id), { token: s.requesterToken, rawBody: "[1,2]" });
      expect(wrongBody.status, path).toBeGreaterThanOrEqual(400);
      expect(wrongBody.status, path).toBeLessThan(500);
    }
    for (const comment of [42, "x".repeat(2000)]) {
      expect((await api("POST", `/requests/${pending.body.id}/deny`, { token: s.approverToken, body: { comment } })).status).toBe(400);
    }
    expect((await api("GET", "/grants?live=maybe", { token: s.requesterToken })).status).toBe(400);
    expect((await api("PUT", "/grants", { token: s.requesterToken })).status).toBe(405);
    expect((await api("GET", "/nothing-here", { token: s.requesterToken })).status).toBe(404);
    expect((await api("POST", "/requests", { token: s.requesterToken, rawBody: JSON.stringify({ ...valid, justification: "x".repeat(70_000) }) })).status).toBe(413);
  });

  it("answers access checks for callers allowed to check, with clear errors for bad queries", async () => {
    const s = await setup();
    const auditor = await makeUser(handle().db, { roles: ["auditor"] });
    const auditorToken = (await createPersonalToken(auditor, { name: "gate", expiresInDays: 1 }, deps())).secret;
    const q = (query: string, token = auditorToken) => api("GET", `/access/check?${query}`, { token });
    expect((await q(`principal=user:${s.requester.email}&resource=${s.resource.slug}&level=read`)).body).toMatchObject({ allowed: false, until: null });
    expect((await q(`principal=user:${s.requester.email}&resource=${s.resource.slug}&level=read`, s.requesterToken)).status).toBe(403);
    for (const bad of ["", `principal=bob&resource=${s.resource.slug}&level=read`, `principal=user:${s.requester.email}&level=read`, `principal=user:${s.requester.email}&resource=${s.resource.slug}`]) {
      const answer = await q(bad);
      expect(answer.status, bad).toBe(400);
      expect(answer.body.errors, bad).toBeTruthy();
    }
  });

  it("replays the first result for a retried Idempotency-Key and refuses the key for another request", async () => {
    const s = await setup();
    const body = { resource: s.resource.slug, accessLevel: "read", duration: "PT15M", justification: "retry me" };
    const first = await api("POST", "/requests", { token: s.requesterToken, body, headers: { "idempotency-key": "run-1" } });
    const again = await api("POST", "/requests", { token: s.requesterToken, body, headers: { "idempotency-key": "run-1" } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    const [{ n }] = await handle().db.select({ n: count() }).from(accessRequests).where(eq(accessRequests.requesterUserId, s.requester.id));
    expect(n).toBe(1);
    const other = await api("POST", "/requests", { token: s.requesterToken, body: { ...body, duration: "PT5M" }, headers: { "idempotency-key": "run-1" } });
    expect(other.status).toBe(422);
    // A refusal is an answer too: replayed, not re-run.
    const refused = await api("POST", "/requests", { token: s.requesterToken, body: { ...body, duration: "P1Y" }, headers: { "idempotency-key": "bad-1" } });
    const refusedAgain = await api("POST", "/requests", { token: s.requesterToken, body: { ...body, duration: "P1Y" }, headers: { "idempotency-key": "bad-1" } });
    expect([refused.status, refusedAgain.status]).toEqual([400, 400]);

    // A call that died after reserving its key: the retry waits while it may still run, then takes over.
    const { idempotencyKeys } = await import("@/db/schema");
    await handle().db.insert(idempotencyKeys).values({ principal: `user:${s.requester.email}`, key: "died-1", fingerprint: "x", createdAt: clock() });
    const { fingerprintOf } = await import("@/lib/api/idempotency");
    await handle().db.update(idempotencyKeys).set({ fingerprint: fingerprintOf("POST", "/requests/00000000-0000-0000-0000-000000000000/cancel", "{}") }).where(eq(idempotencyKeys.key, "died-1"));
    const busy = await api("POST", "/requests/00000000-0000-0000-0000-000000000000/cancel", { token: s.requesterToken, rawBody: "{}", headers: { "idempotency-key": "died-1" } });
    expect(busy.status).toBe(409);
    clock.advance(3 * 60_000);
    const takenOver = await api("POST", "/requests/00000000-0000-0000-0000-000000000000/cancel", { token: s.requesterToken, rawBody: "{}", headers: { "idempotency-key": "died-1" } });
    expect(takenOver.status).toBe(404);
  });

  it("extends a live grant through the API as a new decision under the policy", async () => {
    const s = await setup();
    const created = await api("POST", "/requests", { token: s.requesterToken, body: { resource: s.resource.id, accessLevel: "read", duration: "PT30M", justification: "long job" } });
    const decided = await approveRequest(s.approver, { requestId: created.body.id }, deps());
    const approved = { body: { grantId: decided.outcome === "approved" ? decided.grantId : "" } };
    const extended = await api("POST", `/grants/${approved.body.grantId}/extend`, { token: s.requesterToken, body: { duration: "PT30M", justification: "still running" } });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ status: "pending", grant: { id: approved.body.grantId, live: true } });
    const again = await api("POST", `/grants/${approved.body.grantId}/extend`, { token: s.requesterToken, body: { duration: "PT5M", justification: "more" } });
    expect(again.status).toBe(409);
    const given = await api("POST", `/grants/${approved.body.grantId}/relinquish`, { token: s.requesterToken, body: {} });
    expect(given.body).toMatchObject({ grantId: approved.body.grantId, confirmed: true });
    expect((await api("GET", "/grants?live=true", { token: s.requesterToken })).body.grants).toEqual([]);
  });

  it("limits calls per principal with 429 and Retry-After, one principal not starving another", async () => {
    const s = await setup();
    rateLimit = 3;
    try {
      for (let i = 0; i < 3; i++) expect((await api("GET", "/grants", { token: s.requesterToken })).status).toBe(200);
      const limited = await api("GET", "/grants", { token: s.requesterToken });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(limited.body.type).toMatch(/rate-limited$/);
      const other = await makeUser(handle().db, { roles: ["requester"] });
      const otherToken = (await createPersonalToken(other, { name: "cli", expiresInDays: 1 }, deps())).secret;
      expect((await api("GET", "/grants", { token: otherToken })).status).toBe(200);
      clock.advance(60_000);
      expect((await api("GET", "/grants", { token: s.requesterToken })).status).toBe(200);
      // The worker prunes windows that can no longer count.
      const { apiRateLimits } = await import("@/db/schema");
      const { pruneApiState } = await import("@/lib/api/prune-api-state");
      clock.advance(5 * 60_000);
      await pruneApiState(handle().db, clock());
      expect(await handle().db.select().from(apiRateLimits).where(eq(apiRateLimits.principal, `user:${s.requester.email}`))).toEqual([]);
    } finally {
      rateLimit = 10_000;
    }
  });

  it("records when a token was last used, to the minute, without a write on every call", async () => {
    const s = await setup();
    const { apiTokens } = await import("@/db/schema");
    const lastUsed = async () => (await handle().db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.userId, s.requester.id)))[0].at?.getTime();
    expect(await lastUsed()).toBeUndefined();
    const first = clock().getTime();
    expect((await api("GET", "/grants", { token: s.requesterToken })).status).toBe(200);
    expect(await lastUsed()).toBe(first);
    clock.advance(30_000);
    expect((await api("GET", "/grants", { token: s.requesterToken })).status).toBe(200);
    expect(await lastUsed()).toBe(first);
    clock.advance(30_000);
    expect((await api("GET", "/grants", { token: s.requesterToken })).status).toBe(200);
    expect(await lastUsed()).toBe(first + 60_000);
  });

  it("does not count a principal named in the exemption list, and still limits everyone else", async () => {
    const s = await setup();
    const { apiRateLimits } = await import("@/db/schema");
    const exempt = await makeUser(handle().db, { roles: ["requester"] });
    const exemptToken = (await createPersonalToken(exempt, { name: "gateway", expiresInDays: 1 }, deps())).secret;
    rateLimit = 2;
    try {
      const call = (token: string) =>
        handleApiRequest(new Request(`http://lapse.test/api/v1/grants`, { headers: { authorization: `Bearer ${token}` } }), { ...deps(), rateLimitExempt: `user:${exempt.email.slice(0, -3)}*, user:nobody@x.test` });
      for (let i = 0; i < 5; i++) expect((await call(exemptToken)).status).toBe(200);
      expect(await handle().db.select().from(apiRateLimits).where(eq(apiRateLimits.principal, `user:${exempt.email}`))).toEqual([]);
      for (let i = 0; i < 2; i++) expect((await call(s.requesterToken)).status).toBe(200);
      expect((await call(s.requesterToken)).status).toBe(429);
    } finally {
      rateLimit = 10_000;
    }
  });

  it("decides nothing through the API, not even one's own request; and keeps other people's requests out of sight", async () => {
    const s = await setup();
    const both = await makeUser(handle().db, { roles: ["requester", "approver"], teamIds: [s.teams.devops.id, s.teams.iam.id] });
    const token = (await createPersonalToken(both, { name: "cli", expiresInDays: 1 }, deps())).secret;
    const created = await api("POST", "/requests", { token, body: { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "mine" } });
    const self = await api("POST", `/requests/${created.body.id}/approve`, { token, body: {} });
    // Refused before separation of duties is even reached: a token is not a recent sign-in.
    expect(self.status).toBe(403);
    expect(self.body.type).toMatch(/step-up-required$/);
    // Someone else's request is not even visible to read.
    expect((await api("GET", `/requests/${created.body.id}`, { token: s.requesterToken })).status).toBe(404);
    expect((await api("POST", `/requests/${created.body.id}/cancel`, { token: s.requesterToken, body: {} })).status).toBe(404);
    expect((await api("POST", `/requests/${created.body.id}/cancel`, { token, body: {} })).body.status).toBe("cancelled");
  });

  it("decides through the API with a decision token while its sign-in is recent, never the holder's own request, and not after", async () => {
    const s = await setup();
    const db = handle().db;
    // The approver signed in a minute ago (the step-up window is 10 minutes by default).
    const signedIn = new Date(clock().getTime() - 60_000);
    const approver = await makeUser(db, { roles: ["requester", "approver"], teamIds: [s.teams.devops.id, s.teams.iam.id], authenticatedAt: signedIn });
    const made = await createDecisionToken(approver, { name: "approvals bot" }, deps());
    expect(new Date(made.expiresAt).getTime()).toBe(signedIn.getTime() + 10 * 60_000);
    expect((await listPersonalTokens(approver, deps())).find((t) => t.id === made.id)?.forDecisions).toBe(true);
    const token = made.secret;

    const theirs = await api("POST", "/requests", { token: s.requesterToken, body: { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "deploy" } });
    const another = await api("POST", "/requests", { token: s.requesterToken, body: { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "later" } });
    expect([theirs.status, another.status]).toEqual([201, 201]);
    const approved = await api("POST", `/requests/${theirs.body.id}/approve`, { token, body: { comment: "ok from the bot" } });
    expect(approved).toMatchObject({ status: 200, body: { status: "approved" } });
    const [row] = await db.select().from(accessRequests).where(eq(accessRequests.id, theirs.body.id));
    expect(row.status).toBe("approved");

    // Separation of duties holds whatever the token: the holder's own request is refused.
    const mine = await api("POST", "/requests", { token, body: { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "mine" } });
    expect(mine.status).toBe(201);
    const self = await api("POST", `/requests/${mine.body.id}/approve`, { token, body: {} });
    expect(self.status).toBe(403);
    expect((await db.select().from(accessRequests).where(eq(accessRequests.id, mine.body.id)))[0].status).toBe("pending");

    // Nine minutes later the sign-in is no longer recent: the token has expired with it.
    clock.advance(9 * 60_000);
    const late = await api("POST", `/requests/${another.body.id}/deny`, { token, body: { comment: "too late" } });
    expect(late.status).toBe(401);
    expect((await db.select().from(accessRequests).where(eq(accessRequests.id, another.body.id)))[0].status).toBe("pending");
  });

  it("ends decision tokens when their holder signs out everywhere, and leaves ordinary tokens working", async () => {
    const s = await setup();
    const approver = await makeUser(handle().db, { roles: ["requester", "approver"], teamIds: [s.teams.iam.id], authenticatedAt: clock() });
    const decision = (await createDecisionToken(approver, { name: "bot" }, deps())).secret;
    const ordinary = (await createPersonalToken(approver, { name: "cli", expiresInDays: 1 }, deps())).secret;
    expect((await api("GET", "/grants", { token: decision })).status).toBe(200);
    await endAllMySessions(approver, deps());
    expect((await api("GET", "/grants", { token: decision })).status).toBe(401);
    expect((await api("GET", "/grants", { token: ordinary })).status).toBe(200);
  });

  it("makes a decision token only for an approver who signed in recently", async () => {
    const s = await setup();
    const db = handle().db;
    const stale = await makeUser(db, { roles: ["approver"], teamIds: [s.teams.iam.id], authenticatedAt: new Date(clock().getTime() - 11 * 60_000) });
    await expect(createDecisionToken(stale, { name: "bot" }, deps())).rejects.toMatchObject({ code: "step_up_required" });
    const viaToken = await makeUser(db, { roles: ["approver"], teamIds: [s.teams.iam.id], authenticatedAt: null });
    await expect(createDecisionToken(viaToken, { name: "bot" }, deps())).rejects.toMatchObject({ code: "step_up_required" });
    await expect(createDecisionToken(s.requester, { name: "bot" }, deps())).rejects.toMatchObject({ code: "forbidden" });
    const fresh = await makeUser(db, { roles: ["approver"], teamIds: [s.teams.iam.id], authenticatedAt: clock() });
    await expect(createDecisionToken(fresh, { name: "" }, deps())).rejects.toMatchObject({ code: "invalid" });
    expect(await listPersonalTokens(fresh, deps())).toEqual([]);
  });

  it("lets an auditor's token verify the audit chain, and nobody else's", async () => {
    const s = await setup();
    const auditor = await makeUser(handle().db, { roles: ["auditor"] });
    const token = (await createPersonalToken(auditor, { name: "evidence", expiresInDays: 1 }, deps())).secret;
    const verified = await api("GET", "/audit/verify", { token });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, count: expect.any(Number) });
    expect((await api("GET", "/audit/verify", { token: s.requesterToken })).status).toBe(403);
  });

  it("keeps personal tokens hashed, expiring and revocable, and follows the owner's roles at each call", async () => {
    const s = await setup();
    const created = await createPersonalToken(s.requester, { name: "laptop", expiresInDays: 1 }, deps());
    expect(created.secret).toMatch(/^lapse_pat_/);
    const listed = await listPersonalTokens(s.requester, deps());
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect((await api("GET", "/grants", { token: created.secret })).status).toBe(200);
    await revokePersonalToken(s.requester, { tokenId: created.id }, deps());
    expect((await api("GET", "/grants", { token: created.secret })).status).toBe(401);
    await expect(createPersonalToken(s.requester, { name: "forever", expiresInDays: 5000 }, deps())).rejects.toMatchObject({ code: "invalid" });
  });

  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const doc = await api("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths).sort()).toEqual(
      ["/access/check", "/audit/verify", "/grants", "/grants/{id}/credentials", "/grants/{id}/extend", "/grants/{id}/relinquish", "/requests", "/requests/{id}", "/requests/{id}/approve", "/requests/{id}/cancel", "/requests/{id}/deny"].sort(),
    );
    const create = doc.body.paths["/requests"].post;
    expect(create.requestBody.content["application/json"].schema.$ref).toBe("#/components/schemas/CreateRequest");
    expect(doc.body.components.schemas.CreateRequest.required).toEqual(expect.arrayContaining(["resource", "accessLevel", "duration"]));
    expect(create.parameters.map((p: { name: string }) => p.name)).toContain("Idempotency-Key");
  });
});
