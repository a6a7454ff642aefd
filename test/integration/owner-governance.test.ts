// Control owners govern a resource: versioned policy with two-person confirmation of
// loosening changes, the RACI matrix and the governance gaps it blocks requests with, and
// the live-grant limit. Outcomes are read back from the database.
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, policies, type Policy } from "@/db/schema";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { confirmPolicyChange, rejectPolicyChange } from "@/lib/policy/review-policy";
import { savePolicy } from "@/lib/policy/save-policy";
import { saveRaci } from "@/lib/raci/save-raci";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { ENGINES, useTestDb } from "../db";
import { completeRaci, makeScenario, makeTeam, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError, grantFor, requestById, tableCounts } from "../helpers";
import { policyEdit as edit } from "../policy-helpers";
import type { SavePolicyInput } from "@/lib/policy/schemas";

type Scenario = Awaited<ReturnType<typeof makeScenario>>;

const policyActions = async (db: Parameters<typeof getCurrentPolicy>[0], resourceId: string) =>
  (await db.select().from(auditEvents).where(eq(auditEvents.resourceId, resourceId)).orderBy(asc(auditEvents.seq)))
    .map((e) => e.action)
    .filter((a) => a.startsWith("policy.") || a.startsWith("raci."));

describe.each(ENGINES)("owner governance on %s", (engine) => {
  const handle = useTestDb(engine);

  async function withSecondOwner(s: Scenario) {
    return makeUser(handle().db, { roles: ["owner"], teamIds: [s.teams.owners.id] });
  }

  it("applies a tightening at once as a new version, with who and when", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const saved = await savePolicy(s.owner, edit(s, s.policy, { maxDurationMinutes: 30, approvalRule: "dual" }), deps);
    expect(saved.kind).toBe("tighten");
    const current = await getCurrentPolicy(db, s.resource.id);
    expect(current).toMatchObject({ version: 2, status: "active", maxDurationMinutes: 30, approvalRule: "dual", baseVersion: 1, changeKind: "tighten", createdBy: s.owner.id });
    expect(current!.createdAt).toEqual(deps.clock());
    await expectServiceError(createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 45 }), deps), "invalid");
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.resourceId, s.resource.id), eq(auditEvents.action, "policy.changed")));
    expect(event.details).toMatchObject({
      version: 2,
      changes: [
        { field: "approvalRule", before: "single", after: "dual", effect: "tighten" },
        { field: "maxDurationMinutes", before: 60, after: 30, effect: "tighten" },
      ],
    });
  });

  it("keeps a loosening pending until a second owner confirms it; its author and an admin cannot", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const second = await withSecondOwner(s);
    const admin = await makeUser(db, { roles: ["admin", "owner"] }); // governs everything, but is not in the owner team

    const proposed = await savePolicy(s.owner, edit(s, s.policy, { maxDurationMinutes: 120 }), deps);
    expect(proposed).toMatchObject({ kind: "loosen", policy: { version: 2, status: "pending" } });
    // Until confirmed, the old version applies.
    expect((await getCurrentPolicy(db, s.resource.id))!.version).toBe(1);
    await expectServiceError(createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 90 }), deps), "invalid");

    const before = await tableCounts(db);
    const own = await expectServiceError(confirmPolicyChange(s.owner, { policyId: proposed.policy.id }, deps), "forbidden");
    expect(own.message).toMatch(/second member of the owner team/);
    await expectServiceError(confirmPolicyChange(admin, { policyId: proposed.policy.id }, deps), "forbidden");
    await expectServiceError(confirmPolicyChange(s.requester, { policyId: proposed.policy.id }, deps), "forbidden");
    expect(await tableCounts(db)).toEqual(before);

    deps.clock.advance(60_000);
    const confirmed = await confirmPolicyChange(second, { policyId: proposed.policy.id }, deps);
    expect(confirmed).toMatchObject({ status: "active", reviewedBy: second.id });
    expect((await getCurrentPolicy(db, s.resource.id))!.maxDurationMinutes).toBe(120);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 90 }), deps);
    expect(request.status).toBe("pending");
    expect(await policyActions(db, s.resource.id)).toEqual(["policy.proposed", "policy.confirmed"]);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.resourceId, s.resource.id), eq(auditEvents.action, "policy.confirmed")));
    expect(event.details).toMatchObject({ confirmedBy: second.email, changes: [{ field: "maxDurationMinutes", before: 60, after: 120, effect: "loosen" }] });

    // Once confirmed it cannot be confirmed again.
    await expectServiceError(confirmPolicyChange(second, { policyId: proposed.policy.id }, deps), "conflict");
  });

  it("classifies a table of changes: tightenings apply, anything else waits", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const cases: [Partial<SavePolicyInput>, "active" | "pending"][] = [
      [{ defaultDurationMinutes: 10 }, "active"],
      [{ accessLevels: "read" }, "pending"],
      [{ ticketRequired: true, ticketPattern: "^CHG-[0-9]+$", ticketHint: "a change number" }, "active"],
      [{ maxLiveGrants: 3 }, "pending"],
      [{ approvalRule: "auto" }, "pending"],
      [{ accessLevels: "read admin owner" }, "pending"],
      [{ requireJustification: false }, "pending"],
    ];
    for (const [change, status] of cases) {
      const s = await makeScenario(db);
      const saved = await savePolicy(s.owner, edit(s, s.policy, change), deps);
      expect([change, saved.policy.status]).toEqual([change, status]);
    }
  });

  it("refuses a save made against an old version, and supersedes a waiting change with a later save", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const second = await withSecondOwner(s);
    const proposed = await savePolicy(s.owner, edit(s, s.policy, { maxDurationMinutes: 120 }), deps);
    const tightened = await savePolicy(second, edit(s, s.policy, { defaultDurationMinutes: 10 }), deps);
    expect(tightened.policy).toMatchObject({ version: 3, status: "active" });
    const [old] = await db.select().from(policies).where(eq(policies.id, proposed.policy.id));
    expect(old.status).toBe("superseded");
    await expectServiceError(confirmPolicyChange(second, { policyId: proposed.policy.id }, deps), "conflict");

    // The editor was opened on version 1; version 3 is current now.
    const stale = await expectServiceError(savePolicy(s.owner, edit(s, s.policy, { maxDurationMinutes: 30 }), deps), "conflict");
    expect(stale.message).toMatch(/now version 3/);
  });

  it("lets the author withdraw and another owner reject a waiting change", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const second = await withSecondOwner(s);
    const first = await savePolicy(s.owner, edit(s, s.policy, { maxDurationMinutes: 120 }), deps);
    expect((await rejectPolicyChange(s.owner, { policyId: first.policy.id }, deps)).status).toBe("rejected");
    const again = await savePolicy(s.owner, edit(s, s.policy, { maxDurationMinutes: 90 }), deps);
    expect((await rejectPolicyChange(second, { policyId: again.policy.id }, deps)).status).toBe("rejected");
    expect(await policyActions(db, s.resource.id)).toEqual(["policy.proposed", "policy.withdrawn", "policy.proposed", "policy.rejected"]);
    expect((await getCurrentPolicy(db, s.resource.id))!.version).toBe(1);
  });

  it("answers not-found to an owner of another team and forbidden to a requester, writing nothing", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const elsewhere = await makeScenario(db);
    const deps = testDeps(db);
    const before = await tableCounts(db);
    await expectServiceError(savePolicy(elsewhere.owner, edit(s, s.policy, { maxDurationMinutes: 30 }), deps), "not_found");
    await expectServiceError(savePolicy(s.requester, edit(s, s.policy, { maxDurationMinutes: 30 }), deps), "forbidden");
    await expectServiceError(saveRaci(elsewhere.owner, { resourceSlug: s.resource.slug, revision: 0, cells: [] }, deps), "not_found");
    expect(await tableCounts(db)).toEqual(before);
    expect((await getCurrentPolicy(db, s.resource.id))!.version).toBe(1);
  });

  it("explains bad input next to each field", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const error = await expectServiceError(
      savePolicy(
        s.owner,
        edit(s, s.policy, {
          defaultDurationMinutes: 30,
          maxDurationMinutes: 20,
          approverTeamIds: [],
          ticketRequired: true,
          ticketPattern: "^(CHG",
          extensionsAllowed: true,
          maxTotalMinutes: "",
          accessLevels: "Read!",
        }),
        deps,
      ),
      "invalid",
    );
    expect(error.fieldErrors).toEqual({
      accessLevels: [expect.stringMatching(/lower-case words/)],
      maxDurationMinutes: ["The maximum must be at least the default duration."],
      approverTeamIds: ["Choose at least one approver team, or use automatic approval."],
      ticketPattern: ["This is not a valid regular expression."],
      maxTotalMinutes: ["Give the most a grant may last in total with extensions."],
    });
    const unchanged = await expectServiceError(savePolicy(s.owner, edit(s, s.policy), deps), "invalid");
    expect(unchanged.message).toMatch(/Nothing changed/);
  });

  it("keeps approver teams under automatic approval with required claims (they decide what misses the claims) and asks for them", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const second = await withSecondOwner(s);
    const missing = await expectServiceError(
      savePolicy(s.owner, edit(s, s.policy, { approvalRule: "auto", autoApprovalClaims: "repository=acme/payments", approverTeamIds: [] }), deps),
      "invalid",
    );
    expect(missing.fieldErrors).toEqual({ approverTeamIds: ["Choose who approves the requests that miss the required claims."] });

    const proposed = await savePolicy(s.owner, edit(s, s.policy, { approvalRule: "auto", autoApprovalClaims: "repository=acme/payments", approverTeamIds: [s.teams.iam.id] }), deps);
    expect(proposed.policy).toMatchObject({ status: "pending", approvalRule: "auto", autoApprovalClaims: ["repository=acme/payments"], approverTeamIds: [s.teams.iam.id] });
    await confirmPolicyChange(second, { policyId: proposed.policy.id }, deps);
    // A person misses the claims: one approver from IAM decides, instead of the request timing out.
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(request).toMatchObject({ status: "pending", approvalsRequired: 1 });
    expect((await approveRequest(s.approver, { requestId: request.id }, deps)).outcome).toBe("approved");

    // Without required claims nobody approves under auto, so no approver teams are kept.
    const current = (await getCurrentPolicy(db, s.resource.id))!;
    const plain = await savePolicy(s.owner, edit(s, current, { autoApprovalClaims: "", approverTeamIds: [s.teams.iam.id] }), deps);
    expect(plain.policy.approverTeamIds).toEqual([]);
  });

  it("records the version a request was made under and the one it was decided under; approval re-checks the current one", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 2 } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 15 }), deps);
    const v2 = await savePolicy(s.owner, edit(s, s.policy, { defaultDurationMinutes: 10 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    expect(await requestById(db, request.id)).toMatchObject({ policyId: s.policy.id, decidedPolicyId: v2.policy.id });

    const longer = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 45, accessLevel: "admin" }), deps);
    await savePolicy(s.owner, edit(s, v2.policy, { maxDurationMinutes: 30 }), deps);
    const refused = await expectServiceError(approveRequest(s.approver, { requestId: longer.id }, deps), "conflict");
    expect(refused.message).toMatch(/no longer fits the resource's current policy/);
    expect((await requestById(db, longer.id)).status).toBe("pending");
  });

  it("refuses requests and approvals on a resource with a governance gap, naming who owns the fix, until the RACI is fixed", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const waiting = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const full = completeRaci(s.teams.owners.id, s.teams.devops.id, s.teams.iam.id, s.teams.pam.id);
    // PAM stays in the matrix (informed), so the only rule broken is the teardown's owner.
    const broken = full.map((c) => (c.activity === "revocation" && c.letter === "R" ? { ...c, letter: "I" as const } : c));

    const saved = await saveRaci(s.owner, { resourceSlug: s.resource.slug, revision: 0, cells: broken }, deps);
    expect(saved.gaps.map((g) => g.message)).toEqual(["No team is responsible for revocation: nobody owns the teardown."]);

    const before = await tableCounts(db);
    const refused = await expectServiceError(createRequest(s.requester, requestTerms(s.resource.id), deps), "invalid");
    expect(refused.fieldErrors.resourceId[0]).toMatch(/nobody owns the teardown.*control owner team, security-platform \w+, owns the fix/);
    await expectServiceError(approveRequest(s.approver, { requestId: waiting.id }, deps), "conflict");
    expect(await tableCounts(db)).toEqual(before);

    // Two owners editing at once: the second save names an old revision and is refused.
    await expectServiceError(saveRaci(s.owner, { resourceSlug: s.resource.slug, revision: 0, cells: full }, deps), "conflict");
    await saveRaci(s.owner, { resourceSlug: s.resource.slug, revision: saved.revision, cells: full }, deps);
    expect((await createRequest(s.requester, requestTerms(s.resource.id), deps)).status).toBe("pending");
    expect((await approveRequest(s.approver, { requestId: waiting.id }, deps)).outcome).toBe("approved");

    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.resourceId, s.resource.id), eq(auditEvents.action, "raci.updated"))).orderBy(asc(auditEvents.seq));
    expect(events).toHaveLength(2);
    expect(events[0].details).toMatchObject({ revision: 1, gaps: ["No team is responsible for revocation: nobody owns the teardown."] });
    expect((events[0].details.before as unknown[]).length).toBe(full.length);
    expect((events[0].details.after as unknown[]).length).toBe(broken.length);
  });

  it("refuses a RACI naming a team that does not exist, or two letters for one team and activity", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const ghost = "00000000-0000-4000-8000-000000000000";
    await expectServiceError(saveRaci(s.owner, { resourceSlug: s.resource.slug, revision: 0, cells: [{ activity: "approval", teamId: ghost, letter: "R" }] }, deps), "invalid");
    const team = await makeTeam(db, "iam");
    const twice = await expectServiceError(
      saveRaci(s.owner, { resourceSlug: s.resource.slug, revision: 0, cells: [{ activity: "approval", teamId: team.id, letter: "R" }, { activity: "approval", teamId: team.id, letter: "C" }] }, deps),
      "invalid",
    );
    expect(twice.fieldErrors.cells).toEqual(["Each team has at most one letter per activity."]);
  });

  it("holds the live-grant limit at request time and at approval", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 1 } });
    const deps = testDeps(db);
    const first = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const second = await createRequest(s.requester, requestTerms(s.resource.id), deps); // both wait; nothing is live yet
    await approveRequest(s.approver, { requestId: first.id }, deps);
    expect((await grantFor(db, first.id)).status).toBe("active");

    const atApproval = await expectServiceError(approveRequest(s.approver, { requestId: second.id }, deps), "conflict");
    expect(atApproval.message).toMatch(/already holds a live grant/);
    expect(await grantFor(db, second.id)).toBeUndefined();
    const atRequest = await expectServiceError(createRequest(s.requester, requestTerms(s.resource.id), deps), "invalid");
    expect(atRequest.fieldErrors.resourceId[0]).toMatch(/one grant at a time/);

    // Once the first grant's time is up, the second may be approved.
    deps.clock.advance(16 * 60_000);
    expect((await approveRequest(s.approver, { requestId: second.id }, deps)).outcome).toBe("approved");
  });
});
