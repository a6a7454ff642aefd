// The main job through the service functions, on every engine: request → approve →
// issue → expire, and the refusals on the way.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents, users } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { actionsFor, expectServiceError, grantFor, requestById, tableCounts } from "../helpers";

describe.each(ENGINES)("request lifecycle on %s", (engine) => {
  const handle = useTestDb(engine);

  it("issues access on approval for exactly the granted time, then expires it on schedule", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    expect(request.status).toBe("pending");

    deps.clock.advance(10 * MINUTE_MS); // approval comes later; the window starts at issuance
    const approvedAt = deps.clock();
    const decision = await approveRequest(s.approver, { requestId: request.id, comment: "ok" }, deps);
    expect(decision.outcome).toBe("approved");

    const grant = await grantFor(db, request.id);
    expect(grant.status).toBe("active");
    expect(grant.issuedAt).toEqual(approvedAt);
    expect(grant.expiresAt!.getTime() - approvedAt.getTime()).toBe(5 * MINUTE_MS);
    const query = { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" };
    expect((await checkAccess(db, query, deps.clock())).allowed).toBe(true);
    expect((await checkAccess(db, { ...query, accessLevel: "admin" }, deps.clock())).allowed).toBe(false);

    // Past its time the access check says no before any worker has run.
    deps.clock.advance(5 * MINUTE_MS);
    expect((await checkAccess(db, query, deps.clock())).allowed).toBe(false);
    expect((await grantFor(db, request.id)).status).toBe("active");

    deps.clock.advance(3_000);
    const sweep = await expireDueGrants(deps);
    expect(sweep.expired).toBeGreaterThanOrEqual(1);
    const ended = await grantFor(db, request.id);
    expect(ended.status).toBe("expired");
    expect(ended.endedAt).toEqual(deps.clock());
    expect(ended.revokeEvidence).toMatchObject({ accessPresent: false });

    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.expired"]);
    const verdict = await verifyAuditChain(db);
    expect(verdict.ok).toBe(true);
  });

  it("refuses self-approval through the service, changes nothing and records the attempt", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    // Someone who is both a requester and an approver on the same resource.
    const both = await makeUser(db, { roles: ["requester", "approver"], teamIds: [s.teams.devops.id, s.teams.iam.id] });
    const deps = testDeps(db);
    const request = await createRequest(both, requestTerms(s.resource.id), deps);
    const before = await tableCounts(db);

    const error = await expectServiceError(approveRequest(both, { requestId: request.id }, deps), "forbidden");
    expect(error.message).toMatch(/your own request/);
    // Nothing changed but the evidence: one event saying who tried.
    expect(await tableCounts(db)).toEqual({ ...before, events: before.events + 1 });
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.self_decision_refused"]);
    expect((await requestById(db, request.id)).status).toBe("pending");
  });

  it("lets only approvers of the resource's approver teams decide, and hides the request from others", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);

    const outsiderTeam = (await makeScenario(db)).teams.iam;
    const otherApprover = await makeUser(db, { roles: ["approver"], teamIds: [outsiderTeam.id] });
    await expectServiceError(approveRequest(otherApprover, { requestId: request.id }, deps), "not_found");
    // In an approver team but without the approver role: refused before anything is read.
    const memberOnly = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.iam.id] });
    await expectServiceError(approveRequest(memberOnly, { requestId: request.id }, deps), "forbidden");
    await expectServiceError(approveRequest(s.owner, { requestId: request.id }, deps), "forbidden");
    expect((await requestById(db, request.id)).status).toBe("pending");
  });

  it("checks every term against the current policy, with an error on the field", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { ticketPattern: "^CHG-[0-9]+$", maxDurationMinutes: 30 } });
    const deps = testDeps(db);
    const before = await tableCounts(db);

    const tooLong = await expectServiceError(
      createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 31, ticket: "CHG-1" }), deps),
      "invalid",
    );
    expect(tooLong.fieldErrors.durationMinutes?.[0]).toMatch(/At most 30 min/);

    const badTicket = await expectServiceError(
      createRequest(s.requester, requestTerms(s.resource.id, { ticket: "JIRA-1" }), deps),
      "invalid",
    );
    expect(badTicket.fieldErrors.ticket?.[0]).toMatch(/must match/);

    const several = await expectServiceError(
      createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "root", justification: "  " }), deps),
      "invalid",
    );
    expect(Object.keys(several.fieldErrors).sort()).toEqual(["accessLevel", "justification", "ticket"]);

    const zero = await expectServiceError(
      createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: "0", ticket: "CHG-1" }), deps),
      "invalid",
    );
    expect(zero.fieldErrors.durationMinutes).toBeDefined();

    const ineligible = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.pam.id] });
    const refused = await expectServiceError(createRequest(ineligible, requestTerms(s.resource.id, { ticket: "CHG-1" }), deps), "invalid");
    expect(refused.fieldErrors.resourceId).toBeDefined();

    expect(await tableCounts(db)).toEqual(before);
    const ok = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30, ticket: "CHG-42" }), deps);
    expect(ok.status).toBe("pending");
  });

  it("ends a request on deny or cancel, and a decided request cannot be decided again", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);

    const denied = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const result = await denyRequest(s.approver, { requestId: denied.id, comment: "not during the freeze" }, deps);
    expect(result.outcome).toBe("denied");
    await expectServiceError(approveRequest(s.approver2, { requestId: denied.id }, deps), "conflict");
    expect(await grantFor(db, denied.id)).toBeUndefined();

    const cancelled = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const other = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });
    await expectServiceError(cancelRequest(other, { requestId: cancelled.id }, deps), "not_found");
    await cancelRequest(s.requester, { requestId: cancelled.id }, deps);
    await expectServiceError(cancelRequest(s.requester, { requestId: cancelled.id }, deps), "conflict");
    await expectServiceError(approveRequest(s.approver, { requestId: cancelled.id }, deps), "conflict");

    const approved = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: approved.id }, deps);
    await expectServiceError(denyRequest(s.approver2, { requestId: approved.id }, deps), "conflict");
    await expectServiceError(cancelRequest(s.requester, { requestId: approved.id }, deps), "conflict");

    expect(await actionsFor(db, denied.id)).toEqual(["request.created", "request.denied"]);
    expect(await actionsFor(db, cancelled.id)).toEqual(["request.created", "request.cancelled"]);
  });

  it("needs two different approvers under dual approval", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "dual" } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);

    const first = await approveRequest(s.approver, { requestId: request.id }, deps);
    expect(first).toMatchObject({ outcome: "awaiting-more", approvals: 1, required: 2 });
    await expectServiceError(approveRequest(s.approver, { requestId: request.id }, deps), "conflict");
    expect(await grantFor(db, request.id)).toBeUndefined();

    const second = await approveRequest(s.approver2, { requestId: request.id }, deps);
    expect(second.outcome).toBe("approved");
    expect((await grantFor(db, request.id)).status).toBe("active");
  });

  it("ends a dual request on one deny after one approval, recording the policy version it was denied under", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "dual" } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(await approveRequest(s.approver, { requestId: request.id }, deps)).toMatchObject({ outcome: "awaiting-more", approvals: 1 });
    const denied = await denyRequest(s.approver2, { requestId: request.id, comment: "not during the freeze window" }, deps);
    expect(denied.outcome).toBe("denied");
    const policy = await getCurrentPolicy(db, s.resource.id);
    expect(denied.request).toMatchObject({ status: "denied", decidedPolicyId: policy!.id });
    expect(await grantFor(db, request.id)).toBeUndefined();
    await expectServiceError(approveRequest(s.approver2, { requestId: request.id }, deps), "conflict");
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approval_recorded", "request.denied"]);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.requestId, request.id), eq(auditEvents.action, "request.denied")));
    expect(event.details).toMatchObject({ comment: "not during the freeze window", policyVersion: policy!.version });
  });

  it("issues at once under auto approval", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "auto" } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(request.status).toBe("approved");
    expect((await grantFor(db, request.id)).status).toBe("active");
    const events = await actionsFor(db, request.id);
    expect(events).toEqual(["request.created", "request.approved", "grant.issued"]);
  });

  it("refuses a disabled approver even with a stale actor in hand", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await db.update(users).set({ disabled: true }).where(eq(users.id, s.approver.id));
    await expectServiceError(approveRequest(s.approver, { requestId: request.id }, deps), "forbidden");
    expect((await requestById(db, request.id)).status).toBe("pending");
  });
});
