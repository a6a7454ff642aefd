// The CLI end to end against a running server: a pipeline with only an OIDC token gets its
// access; refusals, denials and waiting too long exit non-zero with a one-line reason; a
// connector's credential (a real signed token) goes only where it is told.
//
// The CLI run is exactly what ships: the file package.json's "bin" names, executed as a
// program (its shebang and executable bit included), not `node bin/lapse.mjs`. The server is
// test/api-server.ts, Node's http in front of the same /api/v1 handler the Next route calls
// (handleApiRequest), so a test can decide requests as a person and read the database;
// e2e/cli.spec.ts runs the same CLI against the production Next server.
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { lstatSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify } from "jose";
import { accessRequests, policies } from "@/db/schema";
import { createPersonalToken } from "@/lib/api-tokens/personal-tokens";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { publishedKeys } from "@/lib/tokens/signing-keys";
import { createWorkload } from "@/lib/workloads/create-workload";
import { forgetIssuerKeys } from "@/lib/workloads/oidc-verifier";
import { defaultConnectors } from "@/lib/connectors/registry";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser } from "../factories";
import { startApiServer } from "../api-server";
import { startTestIssuer, type TestIssuer } from "../oidc-issuer";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sealing-connector-secrets";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string> }).bin.lapse;
const CLI = path.resolve(ROOT, BIN);
const CLAIMS = { repository: "acme/payments", ref: "refs/heads/main", run_id: "77" };

function lapse(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(CLI, args, { env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env } as NodeJS.ProcessEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Polls until the CLI has created its request (identified by its unique reason), so a person can decide it while the CLI waits. */
async function waitForPending(db: ReturnType<ReturnType<typeof useTestDb>>["db"], justification: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const [pending] = await db
      .select({ id: accessRequests.id })
      .from(accessRequests)
      .where(and(eq(accessRequests.status, "pending"), eq(accessRequests.justification, justification)));
    if (pending) return pending.id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the CLI never created its request "${justification}"`);
}

describe("the shipped CLI", () => {
  it("is a real executable file named by package.json's bin, and npm packs it with the code it loads", async () => {
    expect(BIN).toBe("bin/lapse");
    // A symlink would be left out of the package by npm pack.
    expect(lstatSync(CLI).isFile()).toBe(true);
    expect(statSync(CLI).mode & 0o111).toBe(0o111);
    const packed = await new Promise<string>((resolve, reject) =>
      execFile("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    const files = (JSON.parse(packed) as { files: { path: string; mode: number }[] }[])[0].files;
    expect(files.find((f) => f.path === "bin/lapse")?.mode).toBe(0o755);
    expect(files.map((f) => f.path)).toContain("bin/lapse.mjs");
  }, 120_000);

  it("answers --help from the bin entry", async () => {
    const run = await lapse(["--help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: lapse request/);
  });
});

describe.each(ENGINES)("lapse CLI against a running server (%s)", (kind) => {
  const handle = useTestDb(kind);
  const deps = () => ({ db: handle().db, clock: () => new Date(), connectors: defaultConnectors, rateLimit: 10_000 });
  let issuer: TestIssuer;
  let server: { url: string; close(): Promise<void> };
  let s: Awaited<ReturnType<typeof makeScenario>>;
  let audience = "";
  const dir = mkdtempSync(path.join(tmpdir(), "lapse-cli-"));

  beforeAll(async () => {
    process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
    forgetIssuerKeys();
    issuer = await startTestIssuer();
    server = await startApiServer(deps);
    s = await makeScenario(handle().db, { policy: { approvalRule: "auto", approverTeamIds: [], maxDurationMinutes: 30, maxLiveGrants: 10 } });
    const admin = await makeUser(handle().db, { roles: ["admin"] });
    const suffix = Math.random().toString(36).slice(2, 8);
    const { workload } = await createWorkload(
      admin,
      { name: `ci-${suffix}`, ownerTeamId: s.teams.devops.id, authKind: "oidc", issuer: issuer.url, audience: `lapse-${suffix}`, claimConditions: "repository=acme/payments" },
      deps(),
    );
    audience = workload.audience!;
    await handle().db
      .update(policies)
      .set({ eligibleWorkloadIds: [workload.id], approverTeamIds: [s.teams.iam.id], autoApprovalClaims: ["ref=refs/heads/main"] })
      .where(eq(policies.id, s.policy.id));
  });
  afterAll(async () => {
    delete process.env.LAPSE_ALLOW_PRIVATE_TARGETS;
    await server.close();
    await issuer.close();
  });

  const oidcEnv = async (claims: Record<string, unknown> = CLAIMS) => ({ LAPSE_URL: server.url, LAPSE_OIDC_TOKEN: await issuer.sign(claims, { aud: audience }), GITHUB_REPOSITORY: "acme/payments", GITHUB_RUN_ID: "77", GITHUB_SHA: "deadbeef" });
  const requestArgs = (extra: string[] = []) => ["request", "--resource", s.resource.slug, "--level", "read", "--duration", "PT15M", "--reason", "deploy", "--interval", "0.2", ...extra];

  it("gets 15 minutes of access with only an OIDC token, writes it to the env file it is told, and gives it back", async () => {
    const envFile = path.join(dir, "env");
    const env = await oidcEnv();
    const run = await lapse(requestArgs(["--dotenv", envFile]), env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const grant = JSON.parse(run.stdout);
    expect(grant).toMatchObject({ status: "active", live: true, duration: "PT15M", principal: expect.stringMatching(/^workload:ci-/) });
    expect(run.stdout).not.toContain(env.LAPSE_OIDC_TOKEN);
    expect(readFileSync(envFile, "utf8")).toContain(`LAPSE_GRANT_ID=${grant.id}`);

    const status = await lapse(["status"], env);
    expect(JSON.parse(status.stdout).grants.map((g: { id: string }) => g.id)).toContain(grant.id);
    const given = await lapse(["relinquish", "--grant", grant.id], env);
    expect(given.code).toBe(0);
    const after = await lapse(["status"], env);
    expect(JSON.parse(after.stdout).grants).toEqual([]);
  });

  it("waits for a person's approval when the token is not from main", async () => {
    const running = lapse(requestArgs(["--timeout", "30"]), await oidcEnv({ ...CLAIMS, ref: "refs/heads/fix" }));
    // Approve whatever is waiting once the CLI has asked (in the portal: an API token cannot decide).
    for (let i = 0; i < 100; i++) {
      const { accessRequests } = await import("@/db/schema");
      const [pending] = await handle().db.select().from(accessRequests).where(eq(accessRequests.status, "pending"));
      if (pending) {
        expect((await approveRequest(s.approver, { requestId: pending.id, comment: "go" }, deps())).outcome).toBe("approved");
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const run = await running;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).status).toBe("active");
  });

  it("fetches a fresh GitHub Actions OIDC token when Lapse answers that the one it has expired", async () => {
    // A stand-in for GitHub's token endpoint: the first token it hands out expired five minutes ago.
    const handedOut: string[] = [];
    const expired = await issuer.sign(CLAIMS, { aud: audience, now: new Date(Date.now() - 10 * 60_000), expiresInSeconds: 300 });
    const fresh = await issuer.sign(CLAIMS, { aud: audience });
    const github = http.createServer((req, res) => {
      const ok = req.headers.authorization === "Bearer gh-request-token" && new URL(req.url ?? "/", "http://x").searchParams.get("audience") === audience;
      const value = handedOut.length === 0 ? expired : fresh;
      if (ok) handedOut.push(value);
      res.writeHead(ok ? 200 : 403, { "content-type": "application/json" }).end(JSON.stringify(ok ? { value } : {}));
    });
    await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", resolve));
    try {
      const run = await lapse(requestArgs(), {
        LAPSE_URL: server.url,
        ACTIONS_ID_TOKEN_REQUEST_URL: `http://127.0.0.1:${(github.address() as AddressInfo).port}/token`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token",
        LAPSE_AUDIENCE: audience,
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: "active", principal: expect.stringMatching(/^workload:ci-/) });
      expect(handedOut).toEqual([expired, fresh]);
    } finally {
      github.close();
    }
  });

  it("exits non-zero with a one-line reason when refused, denied or kept waiting", async () => {
    const refused = await lapse(requestArgs(), await oidcEnv({ ...CLAIMS, repository: "acme/other" }));
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/^lapse: 403 /);

    const tooLong = await lapse(["request", "--resource", s.resource.slug, "--level", "read", "--duration", "P1Y", "--reason", "x"], await oidcEnv());
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/^lapse: 400 .*duration/);

    const waited = await lapse(requestArgs(["--timeout", "1"]), await oidcEnv({ ...CLAIMS, ref: "refs/heads/slow" }));
    expect(waited.code).toBe(3);
    expect(waited.stderr).toMatch(/timed out after 1 s/);
    const id = /request ([0-9a-f-]{36})/.exec(waited.stderr)![1];
    await denyRequest(s.approver, { requestId: id, comment: "no" }, deps());
    const denied = await lapse(["status", "--request", id], await oidcEnv());
    expect(JSON.parse(denied.stdout).status).toBe("denied");

    const noToken = await lapse(["status"], { LAPSE_URL: server.url });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/no token/);
  });

  it("exits 2 with one line when a person denies the request while the CLI waits", async () => {
    const reason = `deny-me-${Math.random().toString(36).slice(2, 8)}`;
    const running = lapse(["request", "--resource", s.resource.slug, "--level", "read", "--duration", "PT15M", "--reason", reason, "--interval", "0.2", "--timeout", "30"], await oidcEnv({ ...CLAIMS, ref: "refs/heads/feature" }));
    const id = await waitForPending(handle().db, reason);
    expect((await denyRequest(s.approver, { requestId: id, comment: "not today" }, deps())).outcome).toBe("denied");
    const run = await running;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([`lapse: request ${id} is waiting for approval`, `lapse: request ${id} was denied`]);
  });

  describe("with a personal token on a resource whose connector signs a token", () => {
    let t: Awaited<ReturnType<typeof makeScenario>>;
    let personal = "";
    beforeAll(async () => {
      t = await makeScenario(handle().db, { connectorKind: "signed-token", policy: { approvalRule: "auto", approverTeamIds: [], maxDurationMinutes: 30, maxLiveGrants: 10 } });
      personal = (await createPersonalToken(t.requester, { name: "cli", expiresInDays: 1 }, deps())).secret;
    });
    const tokenEnv = () => ({ LAPSE_URL: server.url, LAPSE_TOKEN: personal });
    const signedArgs = (extra: string[]) => ["request", "--resource", t.resource.slug, "--level", "read", "--duration", "PT10M", "--reason", "migrate", "--interval", "0.2", ...extra];

    /** The credential is a real ES256 JWT for this grant, verifying against the published key set. */
    async function expectGrantToken(token: unknown, grantId: string) {
      expect(typeof token).toBe("string");
      const jwks = createLocalJWKSet({ keys: await publishedKeys(handle().db, new Date()) });
      const { payload } = await jwtVerify(token as string, jwks, { audience: "lapse" });
      expect(payload).toMatchObject({ jti: grantId, sub: `user:${t.requester.email}`, access_level: "read" });
    }
    const expectNowhereVisible = (run: { stdout: string; stderr: string }, secret: string) => {
      expect(secret.length).toBeGreaterThan(20);
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      // Not even a recognisable fragment (a JWT's signature part).
      expect(`${run.stdout}${run.stderr}`).not.toContain(secret.split(".")[2]);
    };

    it("reads LAPSE_TOKEN (before any OIDC token) and acts as the person it belongs to", async () => {
      const run = await lapse(signedArgs([]), { ...tokenEnv(), LAPSE_OIDC_TOKEN: "not-a-token" });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const grant = JSON.parse(run.stdout);
      expect(grant).toMatchObject({ status: "active", live: true, principal: `user:${t.requester.email}` });
      expect(run.stdout).not.toContain(personal);
      const status = await lapse(["status"], tokenEnv());
      expect(JSON.parse(status.stdout).grants.map((g: { id: string }) => g.id)).toContain(grant.id);
      // Without a destination the credential was not fetched, so not thrown away: the holder can still see it once.
      await expectGrantToken((await revealGrantCredentials(t.requester, { grantId: grant.id }, deps())).token, grant.id);
      // A wrong LAPSE_TOKEN is refused in one line, and the token is not echoed back.
      const wrong = await lapse(["status"], { LAPSE_URL: server.url, LAPSE_TOKEN: "lapse_pat_wrong0123456789" });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/^lapse: 401 /);
      expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
      expect(wrong.stderr).not.toContain("lapse_pat_wrong0123456789");
    });

    it("writes the signed token to --credentials-file (mode 600) and nowhere else", async () => {
      const file = path.join(dir, "credentials.json");
      const run = await lapse(signedArgs(["--credentials-file", file]), tokenEnv());
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const grant = JSON.parse(run.stdout);
      const written = JSON.parse(readFileSync(file, "utf8"));
      expect(written.grant).toEqual(grant);
      await expectGrantToken(written.credentials.token, grant.id);
      expect(written.credentials.validUntil).toBe(grant.expiresAt);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expectNowhereVisible(run, written.credentials.token);
    });

    it("appends the signed token to --dotenv without touching LAPSE_TOKEN, and nowhere else", async () => {
      const file = path.join(dir, "github-env");
      const run = await lapse(signedArgs(["--dotenv", file]), tokenEnv());
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const grant = JSON.parse(run.stdout);
      const lines = Object.fromEntries(readFileSync(file, "utf8").trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
      expect(Object.keys(lines).sort()).toEqual(["LAPSE_CREDENTIAL_TOKEN", "LAPSE_CREDENTIAL_VALID_UNTIL", "LAPSE_GRANT_EXPIRES_AT", "LAPSE_GRANT_ID"]);
      expect(lines.LAPSE_GRANT_ID).toBe(grant.id);
      await expectGrantToken(lines.LAPSE_CREDENTIAL_TOKEN, grant.id);
      expectNowhereVisible(run, lines.LAPSE_CREDENTIAL_TOKEN);
      // A later step that loads this file still has its own LAPSE_TOKEN: it can give the grant back.
      const given = await lapse(["relinquish", "--grant", lines.LAPSE_GRANT_ID], { ...tokenEnv(), ...lines });
      expect(given.code).toBe(0);
      expect(JSON.parse(given.stdout)).toMatchObject({ grantId: grant.id });
    });

    it("shows the credential on standard error only with --print-credentials, never on standard output", async () => {
      const file = path.join(dir, "printed.json");
      const run = await lapse(signedArgs(["--print-credentials", "--credentials-file", file]), tokenEnv());
      expect(run.code).toBe(0);
      const { token } = JSON.parse(readFileSync(file, "utf8")).credentials;
      expect(JSON.parse(run.stderr)).toMatchObject({ token });
      expect(run.stdout).not.toContain(token);
      await expectGrantToken(token, JSON.parse(run.stdout).id);
    });
  });
});
