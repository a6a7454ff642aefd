// The signed-token connector: an ES256 JWT that verifies against the published key set,
// introspection that turns inactive the moment the grant ends, and key rotation that never
// strands a valid token.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { auditEvents, idempotencyKeys, policies, signingKeys, type NewPolicy } from "@/db/schema";
import { createPersonalToken } from "@/lib/api-tokens/personal-tokens";
import { approveExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { auditActor, ISSUER } from "@/lib/auth/actor";
import { relinquishGrant } from "@/lib/grants/revoke-grant";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { introspectionCallerAllowed } from "@/lib/tokens/introspection-auth";
import { introspectToken } from "@/lib/tokens/introspect-token";
import { publishedKeys, rotateSigningKey } from "@/lib/tokens/signing-keys";
import { tokenIssuer } from "@/lib/tokens/token-issuer";
import { createWorkload } from "@/lib/workloads/create-workload";
import { loadWorkloadByUserId } from "@/lib/workloads/load-principal";
import { apiClient } from "../api-client";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";

describe.each(ENGINES)("signed-token connector on %s", (engine) => {
  const handle = useTestDb(engine);

  async function issueToken(policy: Partial<NewPolicy> = {}) {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { connectorKind: "signed-token", policy });
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 15 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    expect(grant.status).toBe("active");
    const { token } = (await revealGrantCredentials(s.requester, { grantId: grant.id }, deps)) as { token: string };
    return { db, deps, s, grant, token };
  }

  it("issues a JWT that verifies against the published key set, with the grant's claims", async () => {
    const { db, deps, s, grant, token } = await issueToken();
    const jwks = createLocalJWKSet({ keys: await publishedKeys(db, deps.clock()) });
    const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: tokenIssuer(), audience: "lapse", currentDate: deps.clock() });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({ sub: `user:${s.requester.email}`, jti: grant.id, resource: s.resource.id, access_level: "read" });
    expect(payload.exp).toBe(Math.floor(grant.expiresAt!.getTime() / 1000));
    // The token is in no audit event.
    const events = await db.select().from(auditEvents).where(eq(auditEvents.grantId, grant.id));
    expect(JSON.stringify(events)).not.toContain(token);
    // And past exp it no longer verifies.
    await expect(jwtVerify(token, jwks, { currentDate: new Date(grant.expiresAt!.getTime() + 1000) })).rejects.toThrow();
  });

  it("answers active while the grant is live and inactive as soon as it is revoked, before exp", async () => {
    const { deps, s, grant, token } = await issueToken();
    expect(await introspectToken(token, deps)).toMatchObject({ active: true, sub: `user:${s.requester.email}`, jti: grant.id, scope: "read" });
    deps.clock.advance(MINUTE_MS);
    await relinquishGrant(s.requester, { grantId: grant.id }, deps);
    expect(await introspectToken(token, deps)).toEqual({ active: false });
    expect(await introspectToken(`${token.slice(0, -4)}AAAA`, deps)).toEqual({ active: false });
    expect(await introspectToken("not-a-token", deps)).toEqual({ active: false });
  });

  it("never keeps revealed credentials for an Idempotency-Key replay: the retry is told they are not kept", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { connectorKind: "signed-token" });
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 15 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    const pat = (await createPersonalToken(s.requester, { name: "ci", expiresInDays: 1 }, deps)).secret;
    const api = apiClient(() => ({ ...deps, rateLimit: 10_000 }));
    const call = () => api("POST", `/grants/${grant.id}/credentials`, { token: pat, headers: { "idempotency-key": "reveal-1" } });

    const first = await call();
    expect(first.status).toBe(200);
    const token = first.body.credentials.token as string;
    expect(token.split(".")).toHaveLength(3);
    const retry = await call();
    expect(retry.status).toBe(409);
    expect(retry.headers.get("content-type")).toBe("application/problem+json");
    expect(retry.body.type).toMatch(/secret-not-replayed$/);
    expect(JSON.stringify(retry.body)).not.toContain(token);
    // Nothing of the token is at rest in the idempotency table.
    const stored = await db.select().from(idempotencyKeys);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it("answers inactive once the grant expired", async () => {
    const { deps, token, grant } = await issueToken();
    deps.clock.set(new Date(grant.expiresAt!.getTime()));
    expect(await introspectToken(token, deps)).toEqual({ active: false });
  });

  it("gives the holder a new token with the later exp when an extension is approved", async () => {
    const { db, deps, s, grant, token } = await issueToken({ extensionsAllowed: true, maxTotalMinutes: 60 });
    const { extension } = await requestExtension(s.requester, { grantId: grant.id, minutes: 30, justification: "More time" }, deps);
    expect((await approveExtension(s.approver, { extensionId: extension.id, comment: "ok" }, deps)).outcome).toBe("approved");
    const { token: extended } = (await revealGrantCredentials(s.requester, { grantId: grant.id }, deps)) as { token: string };
    expect(extended).not.toBe(token);
    const jwks = createLocalJWKSet({ keys: await publishedKeys(db, deps.clock()) });
    const { payload } = await jwtVerify(extended, jwks, { currentDate: deps.clock() });
    expect(payload.exp).toBe(Math.floor(grant.expiresAt!.getTime() / 1000) + 30 * 60);
    // Past the old exp: the first token is done, the new one is active.
    deps.clock.set(new Date(grant.expiresAt!.getTime() + 60_000));
    expect(await introspectToken(token, deps)).toEqual({ active: false });
    expect(await introspectToken(extended, deps)).toMatchObject({ active: true, jti: grant.id });
  });

  it("keeps a retired key published until its last token expired", async () => {
    const { db, deps, token, grant } = await issueToken();
    const oldKid = decodeProtectedHeader(token).kid;
    const fresh = await rotateSigningKey(deps, auditActor(ISSUER), "test rotation");
    let kids = (await publishedKeys(db, deps.clock())).map((k) => k.kid);
    expect(kids).toContain(oldKid);
    expect(kids).toContain(fresh.kid);
    expect(await introspectToken(token, deps)).toMatchObject({ active: true });
    // Other tests' tokens may have been signed with the same key: go past the last of them.
    const [old] = await db.select().from(signingKeys).where(eq(signingKeys.kid, oldKid!));
    expect(old.lastTokenExpiresAt!.getTime()).toBeGreaterThanOrEqual(grant.expiresAt!.getTime());
    deps.clock.set(new Date(old.lastTokenExpiresAt!.getTime() + 1000));
    kids = (await publishedKeys(db, deps.clock())).map((k) => k.kid);
    expect(kids).not.toContain(oldKid);
    expect(kids).toContain(fresh.kid);
  });
  it("names a workload holder workload:<name> in the token, and introspection accepts it while the grant is live", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { connectorKind: "signed-token", policy: { approvalRule: "auto", approverTeamIds: [] } });
    const admin = await makeUser(db, { roles: ["admin"] });
    const { workload } = await createWorkload(admin, { name: `deploy-${Date.now().toString(36)}`, ownerTeamId: s.teams.devops.id, authKind: "api_key", keyExpiresInDays: 1 }, deps);
    await db.update(policies).set({ eligibleWorkloadIds: [workload.id] }).where(eq(policies.id, s.policy.id));
    const pipeline = (await loadWorkloadByUserId(db, workload.userId))!;
    const request = await createRequest(pipeline, requestTerms(s.resource.id, { durationMinutes: 15 }), deps);
    const grant = await grantFor(db, request.id);
    expect(grant.status).toBe("active");
    const { token } = (await revealGrantCredentials(pipeline, { grantId: grant.id }, deps)) as { token: string };
    expect(await introspectToken(token, deps)).toMatchObject({ active: true, sub: `workload:${workload.name}`, jti: grant.id });
    deps.clock.set(new Date(grant.expiresAt!.getTime()));
    expect(await introspectToken(token, deps)).toEqual({ active: false });
  });
});

describe("introspection caller authentication", () => {
  it("needs the shared secret, as Bearer or Basic", () => {
    const secret = "s".repeat(40);
    delete process.env.LAPSE_INTROSPECTION_SECRET;
    expect(introspectionCallerAllowed(`Bearer ${secret}`)).toBe(false);
    process.env.LAPSE_INTROSPECTION_SECRET = secret;
    expect(introspectionCallerAllowed(`Bearer ${secret}`)).toBe(true);
    expect(introspectionCallerAllowed(`Basic ${Buffer.from(`rs:${secret}`).toString("base64")}`)).toBe(true);
    expect(introspectionCallerAllowed(`Bearer ${secret}x`)).toBe(false);
    expect(introspectionCallerAllowed(null)).toBe(false);
    delete process.env.LAPSE_INTROSPECTION_SECRET;
  });

});
