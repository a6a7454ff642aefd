// The CLI end to end against a running server: a pipeline with only an OIDC token gets its
// access; refusals, denials and waiting too long exit non-zero with a one-line reason.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { policies } from "@/db/schema";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { createWorkload } from "@/lib/workloads/create-workload";
import { forgetIssuerKeys } from "@/lib/workloads/oidc-verifier";
import { defaultConnectors } from "@/lib/connectors/registry";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser } from "../factories";
import { startApiServer } from "../api-server";
import { startTestIssuer, type TestIssuer } from "../oidc-issuer";

const CLI = path.resolve(import.meta.dirname, "../../bin/lapse.mjs");
const CLAIMS = { repository: "acme/payments", ref: "refs/heads/main", run_id: "77" };

function lapse(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", ...env } as NodeJS.ProcessEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

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
});
