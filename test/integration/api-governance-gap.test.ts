// A resource with a governance gap accepts no requests through the API either (DESIGN §2):
// POST /api/v1/requests and POST /api/v1/grants/{id}/extend answer a 4xx problem document
// whose detail names the gap and the team that owns the fix, and nothing is written; not
// even an auto-approval rule or a workload identity gets past it. Fixing the matrix reopens it.
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { extensionRequests, notifications, policies } from "@/db/schema";
import { createPersonalToken } from "@/lib/api-tokens/personal-tokens";
import { createWorkload } from "@/lib/workloads/create-workload";
import { apiClient } from "../api-client";
import { manualClock } from "../clock";
import { ENGINES, useTestDb } from "../db";
import { completeRaci, makeScenario, makeUser, setRaci, testDeps } from "../factories";
import { tableCounts } from "../helpers";

describe.each(ENGINES)("governance gap through the API (%s)", (kind) => {
  const handle = useTestDb(kind);
  const clock = manualClock();
  const deps = () => ({ ...testDeps(handle().db, { clock }), rateLimit: 10_000 });
  const api = apiClient(deps);

  /** Everything a refused call must leave as it was. */
  async function written() {
    const { db } = handle();
    const [[n], [x]] = await Promise.all([db.select({ n: count() }).from(notifications), db.select({ n: count() }).from(extensionRequests)]);
    return { ...(await tableCounts(db)), notifications: n.n, extensions: x.n };
  }

  async function setup() {
    const { db } = handle();
    // Auto-approved within limits, extensions allowed: without the gap, a call would get access at once.
    const s = await makeScenario(db, { policy: { approvalRule: "auto", extensionsAllowed: true, maxTotalMinutes: 120, maxLiveGrants: 5 } });
    const admin = await makeUser(db, { roles: ["admin"] });
    const { workload, key } = await createWorkload(
      admin,
      { name: `nightly-${Math.random().toString(36).slice(2, 8)}`, ownerTeamId: s.teams.devops.id, authKind: "api_key", keyExpiresInDays: 30 },
      deps(),
    );
    await db.update(policies).set({ eligibleWorkloadIds: [workload.id] }).where(eq(policies.id, s.policy.id));
    const userToken = (await createPersonalToken(s.requester, { name: "cli", expiresInDays: 30 }, deps())).secret;
    const complete = completeRaci(s.teams.owners.id, s.teams.devops.id, s.teams.iam.id, s.teams.pam.id);
    // The gap: PAM is only consulted on revocation, so nobody is responsible for the teardown.
    const gap = complete.map((cell) => (cell.activity === "revocation" && cell.letter === "R" ? { ...cell, letter: "C" as const } : cell));
    return { ...s, workloadKey: key!.secret, userToken, complete, gap };
  }

  const body = (resource: string) => ({ resource, accessLevel: "read", duration: "PT15M", justification: "nightly reconciliation" });

  it("refuses a new request on a resource with a gap, naming the gap and who owns the fix, and writes nothing", async () => {
    const s = await setup();
    const { db } = handle();
    await setRaci(db, s.resource.id, s.gap);
    const expected = `This resource has a governance gap, so it accepts no requests: No team is responsible for revocation: nobody owns the teardown. The control owner team, ${s.teams.owners.name}, owns the fix.`;

    const before = await written();
    for (const [who, token] of [["a person's token", s.userToken], ["a workload's key", s.workloadKey]] as const) {
      for (const resource of [s.resource.slug, s.resource.id]) {
        const answer = await api("POST", "/requests", { token, body: body(resource) });
        expect({ who, resource, status: answer.status }).toEqual({ who, resource, status: 400 });
        expect(answer.headers.get("content-type")).toBe("application/problem+json");
        expect(answer.body).toEqual({
          type: "https://lapse.dev/problems/invalid-request",
          title: "Invalid request",
          status: 400,
          detail: expected,
          errors: { resource: [expected] },
        });
      }
    }
    // With an Idempotency-Key, the retry gets the same refusal, and still nothing is written.
    const first = await api("POST", "/requests", { token: s.workloadKey, body: body(s.resource.slug), headers: { "idempotency-key": "gap-1" } });
    const retry = await api("POST", "/requests", { token: s.workloadKey, body: body(s.resource.slug), headers: { "idempotency-key": "gap-1" } });
    expect([first.status, retry.status]).toEqual([400, 400]);
    expect(retry.body.detail).toBe(expected);
    expect(await written()).toEqual(before);

    // Fixing the matrix reopens the resource: the same call is auto-approved at once.
    await setRaci(db, s.resource.id, s.complete);
    const accepted = await api("POST", "/requests", { token: s.workloadKey, body: body(s.resource.slug) });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ status: "approved", grant: { live: true } });
  });

  it("refuses to extend a live grant once its resource has a gap, with the same reason, and writes nothing", async () => {
    const s = await setup();
    const { db } = handle();
    const created = await api("POST", "/requests", { token: s.userToken, body: body(s.resource.slug) });
    expect(created.status).toBe(201);
    const grantId = created.body.grant.id as string;

    await setRaci(db, s.resource.id, s.gap);
    const before = await written();
    const refused = await api("POST", `/grants/${grantId}/extend`, { token: s.userToken, body: { duration: "PT15M", justification: "job still running" } });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toMatch(/^This resource has a governance gap, so it accepts no requests: No team is responsible for revocation: nobody owns the teardown\./);
    expect(refused.body.detail).toContain(`The control owner team, ${s.teams.owners.name}, owns the fix.`);
    expect(await written()).toEqual(before);
    // The live grant itself is untouched: a gap stops new access, it does not end access already given.
    expect((await api("GET", "/grants?live=true", { token: s.userToken })).body.grants.map((g: { id: string }) => g.id)).toEqual([grantId]);
  });
});
