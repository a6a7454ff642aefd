// A pipeline with only an OIDC token gets 15 minutes of access, and loses it on time; every
// way a token can be wrong is refused with a problem document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents, policies } from "@/db/schema";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { getTimeline } from "@/lib/audit/get-timeline";
import { listGrantReport } from "@/lib/audit/reports/grant-report";
import { createWorkload } from "@/lib/workloads/create-workload";
import { forgetIssuerKeys } from "@/lib/workloads/oidc-verifier";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, testDeps } from "../factories";
import { apiClient } from "../api-client";
import { startTestIssuer, type TestIssuer } from "../oidc-issuer";
import { manualClock } from "../clock";

const PIPELINE_CLAIMS = { repository: "acme/payments", ref: "refs/heads/main", workflow: "deploy", run_id: "4242", sub: "repo:acme/payments:ref:refs/heads/main" };

describe.each(ENGINES)("API with workload identities (%s)", (kind) => {
  const handle = useTestDb(kind);
  const clock = manualClock(new Date());
  const deps = () => ({ ...testDeps(handle().db, { clock }), rateLimit: 1000 });
  const api = apiClient(deps);
  let issuer: TestIssuer;

  beforeAll(async () => {
    process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    process.env.LAPSE_OIDC_JWKS_COOLDOWN_MS = "0";
    forgetIssuerKeys();
    issuer = await startTestIssuer();
  });
  afterAll(async () => {
    delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
    delete process.env.LAPSE_OIDC_JWKS_COOLDOWN_MS;
    await issuer.close();
  });

  /** A resource whose policy lets the "deploy" workload in, auto-approved on main only. */
  async function setup(options: { maxDurationMinutes?: number } = {}) {
    const db = handle().db;
    const s = await makeScenario(db, { policy: { approvalRule: "auto", approverTeamIds: [], maxDurationMinutes: options.maxDurationMinutes ?? 60, requireJustification: true } });
    const admin = await makeUser(db, { roles: ["admin"] });
    const suffix = Math.random().toString(36).slice(2, 8);
    const { workload } = await createWorkload(
      admin,
      { name: `deploy-${suffix}`, ownerTeamId: s.teams.devops.id, authKind: "oidc", issuer: issuer.url, audience: `https://lapse.test/${suffix}`, claimConditions: "repository=acme/payments\nsub=repo:acme/payments:*" },
      deps(),
    );
    const { key: checkerKey } = await createWorkload(admin, { name: `gate-${suffix}`, ownerTeamId: s.teams.owners.id, authKind: "api_key", mayCheckAccess: true, keyExpiresInDays: 30 }, deps());
    await db
      .update(policies)
      .set({ eligibleWorkloadIds: [workload.id], approverTeamIds: [s.teams.iam.id], autoApprovalClaims: ["ref=refs/heads/main"] })
      .where(eq(policies.id, s.policy.id));
    audience = workload.audience!;
    return { ...s, admin, workload, checkerKey: checkerKey!.secret };
  }

  // Each test's workload has an audience of its own, so tokens never match another test's workload.
  let audience = "";
  const token = (claims: Record<string, unknown> = PIPELINE_CLAIMS, options: Parameters<TestIssuer["sign"]>[1] = {}) => issuer.sign(claims, { now: clock(), aud: audience, ...options });

  it("gives a pipeline with a matching OIDC token 15 minutes of access, records it under its workload and run, and takes it away on time", async () => {
    const s = await setup();
    const created = await api("POST", "/requests", {
      token: await token(),
      body: { resource: s.resource.slug, accessLevel: "read", duration: "PT15M", justification: "deploy release 1.2", pipeline: { repository: "acme/payments", runId: "4242", commit: "abc123", workflow: "deploy" } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "approved", requester: `workload:${s.workload.name}`, duration: "PT15M", pipeline: { runId: "4242" } });
    expect(created.body.grant).toMatchObject({ status: "active", live: true, principal: `workload:${s.workload.name}` });

    const check = (at?: string) => api("GET", `/access/check?principal=workload:${s.workload.name}&resource=${s.resource.slug}&level=read${at ?? ""}`, { token: s.checkerKey });
    expect((await check()).body).toMatchObject({ allowed: true });

    const [event] = await handle().db.select().from(auditEvents).where(eq(auditEvents.requestId, created.body.id)).orderBy(auditEvents.seq).limit(1);
    expect(event).toMatchObject({ action: "request.created", actorKind: "workload", actorId: s.workload.id, actorLabel: `workload:${s.workload.name}` });
    expect(event.details).toMatchObject({
      requester: `workload:${s.workload.name}`,
      channel: "api",
      workload: { name: s.workload.name, authenticatedBy: "oidc", claims: { repository: "acme/payments", run_id: "4242", iss: issuer.url } },
      pipeline: { repository: "acme/payments", runId: "4242", commit: "abc123", workflow: "deploy" },
      purpose: "deploy release 1.2",
    });

    clock.advance(15 * 60_000);
    expect((await check()).body).toMatchObject({ allowed: false });
    await expireDueGrants(deps());
    const after = await api("GET", `/requests/${created.body.id}`, { token: await token() });
    expect(after.body.grant).toMatchObject({ status: "expired", live: false });

    // The evidence names the workload, not its principal row's placeholder address.
    const auditor = await makeUser(handle().db, { roles: ["auditor"] });
    const report = await listGrantReport(auditor, { from: null, to: null, resourceId: s.resource.id, teamId: null, requester: null, actor: null, action: null }, {}, deps());
    expect(report.rows.map((r) => r.holder)).toEqual([`workload:${s.workload.name}`]);
    const timeline = await getTimeline(auditor, { requestId: created.body.id }, deps());
    expect(timeline.requester).toBe(`workload:${s.workload.name}`);
    expect(timeline.events.map((e) => e.action)).toEqual(expect.arrayContaining(["request.created", "request.approved", "grant.issued", "grant.expired"]));
  });

  it("records the workload's verified run on every event it causes, not only the request: giving the grant back names the run that did it", async () => {
    const s = await setup();
    const created = await api("POST", "/requests", { token: await token(), body: { resource: s.resource.slug, accessLevel: "read", duration: "PT15M", justification: "nightly job" } });
    expect(created.status).toBe(201);
    const laterRun = { ...PIPELINE_CLAIMS, run_id: "4343" };
    const given = await api("POST", `/grants/${created.body.grant.id}/relinquish`, { token: await token(laterRun) });
    expect(given.status).toBe(200);
    const [event] = await handle().db.select().from(auditEvents).where(and(eq(auditEvents.grantId, created.body.grant.id), eq(auditEvents.action, "grant.revoke_requested")));
    expect(event).toMatchObject({ actorKind: "workload", actorLabel: `workload:${s.workload.name}` });
    expect(event.details).toMatchObject({ workload: { name: s.workload.name, authenticatedBy: "oidc", claims: { run_id: "4343", repository: "acme/payments" } } });
  });

  it("sends a token from another branch to an approver instead of auto-approving, and the approver decides in the portal, not with a token", async () => {
    const s = await setup();
    const created = await api("POST", "/requests", {
      token: await token({ ...PIPELINE_CLAIMS, ref: "refs/heads/feature" }),
      body: { resource: s.resource.slug, accessLevel: "read", duration: "PT10M", justification: "hotfix" },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe("pending");
    const { createPersonalToken } = await import("@/lib/api-tokens/personal-tokens");
    const pat = await createPersonalToken(s.approver, { name: "cli", expiresInDays: 7 }, deps());
    // A personal token is not a recent sign-in (step-up): deciding needs the portal.
    const throughApi = await api("POST", `/requests/${created.body.id}/approve`, { token: pat.secret, body: { comment: "ok" } });
    expect(throughApi.status).toBe(403);
    expect(throughApi.body.type).toMatch(/step-up-required$/);
    const { approveRequest } = await import("@/lib/requests/decide-request");
    expect(await approveRequest(s.approver, { requestId: created.body.id, comment: "ok" }, deps())).toMatchObject({ outcome: "approved" });
  });

  it("refuses wrong audience, expired tokens, unknown issuers, claims outside the conditions and unknown keys with problem documents", async () => {
    const s = await setup();
    const body = { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "x" };
    const cases: [string, Promise<string>, number, string][] = [
      ["wrong audience", token(PIPELINE_CLAIMS, { aud: "https://someone-else.test" }), 401, "wrong-audience"],
      ["expired", token(PIPELINE_CLAIMS, { now: new Date(clock().getTime() - 10 * 60_000), expiresInSeconds: 300 }), 401, "token-expired"],
      ["unknown issuer", token(PIPELINE_CLAIMS, { issuer: "https://ci.example.test" }), 401, "unknown-issuer"],
      ["claims outside the conditions", token({ ...PIPELINE_CLAIMS, repository: "acme/other", sub: "repo:acme/other:ref:refs/heads/main" }), 403, "claims-not-allowed"],
      ["a key not in the JWKS", issuer.strangerKey().then((key) => token(PIPELINE_CLAIMS, { key })), 401, "unknown-key"],
      ["not a JWT", Promise.resolve("not-a-token"), 401, "invalid-token"],
      ["an unknown Lapse token", Promise.resolve("lapse_pat_nothing"), 401, "invalid-token"],
    ];
    for (const [name, signed, status, slug] of cases) {
      const answer = await api("POST", "/requests", { token: await signed, body });
      expect({ name, status: answer.status, type: answer.body.type }).toEqual({ name, status, type: `https://lapse.dev/problems/${slug}` });
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
      expect(answer.body.detail).toEqual(expect.any(String));
    }
    const missing = await api("GET", "/grants");
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("accepts ±60 s of clock skew and no more", async () => {
    const s = await setup();
    const body = { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "skew" };
    const issuedAhead = (seconds: number) => token(PIPELINE_CLAIMS, { now: new Date(clock().getTime() + seconds * 1000) });
    expect((await api("GET", "/grants", { token: await issuedAhead(50) })).status).toBe(200);
    const tooEarly = await api("POST", "/requests", { token: await issuedAhead(120), body });
    expect(tooEarly.status).toBe(401);
    expect(tooEarly.body.type).toMatch(/invalid-token$/);
  });

  it("applies an admin's change of claim conditions to the next token, audited with before and after", async () => {
    const s = await setup();
    const { updateWorkload } = await import("@/lib/workloads/update-workload");
    expect((await api("GET", "/grants", { token: await token() })).status).toBe(200);
    await updateWorkload(s.admin, { workloadId: s.workload.id, audience: s.workload.audience!, claimConditions: "repository=acme/payments\nref=refs/tags/*" }, deps());
    expect((await api("GET", "/grants", { token: await token() })).status).toBe(403);
    expect((await api("GET", "/grants", { token: await token({ ...PIPELINE_CLAIMS, ref: "refs/tags/v1.2" }) })).status).toBe(200);
    const [event] = await handle().db.select().from(auditEvents).where(eq(auditEvents.action, "workload.updated"));
    expect(event.details).toMatchObject({ before: { claimConditions: ["repository=acme/payments", "sub=repo:acme/payments:*"] }, after: { claimConditions: ["repository=acme/payments", "ref=refs/tags/*"] } });
    await expect(updateWorkload(s.admin, { workloadId: s.workload.id, audience: s.workload.audience!, claimConditions: "" }, deps())).rejects.toMatchObject({ code: "invalid" });
    await expect(updateWorkload(s.requester, { workloadId: s.workload.id, audience: "x", claimConditions: "a=b" }, deps())).rejects.toMatchObject({ code: "forbidden" });
  });

  it("follows the issuer's key rotation", async () => {
    await setup();
    expect((await api("GET", "/grants", { token: await token() })).status).toBe(200);
    await issuer.rotate();
    expect((await api("GET", "/grants", { token: await token() })).status).toBe(200);
  });

  it("refuses a workload the policy does not name with 403, and never lets a workload decide", async () => {
    const s = await setup();
    const stranger = await createWorkload(s.admin, { name: `other-${Math.random().toString(36).slice(2, 8)}`, ownerTeamId: s.teams.devops.id, authKind: "api_key", keyExpiresInDays: 1 }, deps());
    const refused = await api("POST", "/requests", { token: stranger.key!.secret, body: { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "x" } });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toMatch(/not-eligible$/);
    const unknownResource = await api("POST", "/requests", { token: stranger.key!.secret, body: { resource: "no-such-thing", accessLevel: "read", duration: "PT5M", justification: "x" } });
    expect(unknownResource.status).toBe(403);

    const pending = await api("POST", "/requests", { token: await token({ ...PIPELINE_CLAIMS, ref: "refs/heads/x" }), body: { resource: s.resource.slug, accessLevel: "read", duration: "PT5M", justification: "x" } });
    const decided = await api("POST", `/requests/${pending.body.id}/approve`, { token: await token(), body: {} });
    expect(decided.status).toBe(403);
  });

  it("stops authenticating a disabled workload or an expired or revoked key", async () => {
    const s = await setup();
    const { disableWorkload } = await import("@/lib/workloads/disable-workload");
    const { issueWorkloadKey, revokeWorkloadKey } = await import("@/lib/workloads/workload-keys");
    const other = await createWorkload(s.admin, { name: `keyed-${Math.random().toString(36).slice(2, 8)}`, ownerTeamId: s.teams.devops.id, authKind: "api_key", keyExpiresInDays: 1 }, deps());
    expect((await api("GET", "/grants", { token: other.key!.secret })).status).toBe(200);
    const second = await issueWorkloadKey(s.admin, { workloadId: other.workload.id, expiresInDays: 30 }, deps());
    clock.advance(25 * 60 * 60_000);
    expect((await api("GET", "/grants", { token: other.key!.secret })).status).toBe(401);
    expect((await api("GET", "/grants", { token: second.secret })).status).toBe(200);
    await revokeWorkloadKey(s.admin, { tokenId: second.tokenId }, deps());
    expect((await api("GET", "/grants", { token: second.secret })).status).toBe(401);

    expect((await api("GET", "/grants", { token: await token() })).status).toBe(200);
    await disableWorkload(s.admin, { workloadId: s.workload.id }, deps());
    // No enabled workload trusts this token any more (others on the same issuer have other audiences).
    expect((await api("GET", "/grants", { token: await token() })).status).toBe(401);
  });

  it("refuses issuer URLs that are not https or point inwards, unless configuration allows it", async () => {
    const s = await setup();
    delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
    try {
      const attempt = (issuerUrl: string) =>
        createWorkload(s.admin, { name: `x-${Math.random().toString(36).slice(2, 8)}`, ownerTeamId: s.teams.devops.id, authKind: "oidc", issuer: issuerUrl, audience: "a", claimConditions: "repository=a/b" }, deps());
      for (const bad of [issuer.url, "http://ci.example.com", "https://10.1.2.3", "https://localhost", "https://[::1]"]) {
        await expect(attempt(bad)).rejects.toMatchObject({ code: "invalid", fieldErrors: { issuer: [expect.any(String)] } });
      }
      // Saved while allowed, then refused when its keys are next fetched once it is no longer allowed.
      forgetIssuerKeys();
      expect((await api("GET", "/grants", { token: await token() })).status).toBe(401);
    } finally {
      process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    }
  });
});
