// The paths of DESIGN §4 beyond approve-and-expire: approval timeout, relinquish and owner
// revoke, freeze, break-glass with its review, and overlapping grants. Outcomes are read back
// from the database and the access check.
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, resources } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { relinquishGrant, revokeGrant } from "@/lib/grants/revoke-grant";
import { reviewBreakGlass } from "@/lib/grants/review-break-glass";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { timeOutPendingRequests } from "@/lib/requests/time-out-requests";
import { freezeResource, unfreezeResource } from "@/lib/resources/freeze-resource";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, setRaci, testDeps } from "../factories";
import { actionsFor, expectServiceError, grantFor, requestById, tableCounts } from "../helpers";

describe.each(ENGINES)("lifecycle paths on %s", (engine) => {
  const handle = useTestDb(engine);

  async function liveGrant(s: Awaited<ReturnType<typeof makeScenario>>, deps: ReturnType<typeof testDeps>, terms = {}) {
    const request = await createRequest(s.requester, requestTerms(s.resource.id, terms), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    return { request, grant: await grantFor(handle().db, request.id) };
  }
  const access = (s: Awaited<ReturnType<typeof makeScenario>>, deps: ReturnType<typeof testDeps>) =>
    checkAccess(handle().db, { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" }, deps.clock());

  it("ends a request nobody decided at its deadline, and refuses an approval that comes later", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalTimeoutMinutes: 60 } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    deps.clock.advance(59 * MINUTE_MS);
    expect(await timeOutPendingRequests(deps)).toBe(0);
    deps.clock.advance(MINUTE_MS);

    const late = await expectServiceError(approveRequest(s.approver, { requestId: request.id }, deps), "conflict");
    expect(late.message).toMatch(/approval deadline/);
    expect(await grantFor(db, request.id)).toBeUndefined();
    expect(await timeOutPendingRequests(deps)).toBe(1);
    expect(await timeOutPendingRequests(deps)).toBe(0);
    expect(await requestById(db, request.id)).toMatchObject({ status: "timed_out", decidedAt: deps.clock() });
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.timed_out"]);
  });

  it("lets the holder give a grant back: access ends at once, the grant is revoked with who and why", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const { request, grant } = await liveGrant(s, deps);
    const stranger = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });
    await expectServiceError(relinquishGrant(stranger, { grantId: grant.id }, deps), "not_found");

    deps.clock.advance(MINUTE_MS);
    expect(await relinquishGrant(s.requester, { grantId: grant.id }, deps)).toEqual({ grantId: grant.id, confirmed: true });
    expect((await access(s, deps)).allowed).toBe(false);
    expect(await grantFor(db, request.id)).toMatchObject({ status: "revoked", revokeReason: "relinquished by the holder", revokeRequestedBy: s.requester.email });
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.revoke_requested", "grant.revoked"]);
    await expectServiceError(relinquishGrant(s.requester, { grantId: grant.id }, deps), "conflict");
  });

  it("lets a control owner of the resource revoke with a reason; other owners and requesters cannot", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const other = await makeScenario(db);
    const deps = testDeps(db);
    const { request, grant } = await liveGrant(s, deps);
    const before = await tableCounts(db);
    await expectServiceError(revokeGrant(other.owner, { grantId: grant.id, reason: "not mine" }, deps), "not_found");
    await expectServiceError(revokeGrant(s.requester, { grantId: grant.id, reason: "self" }, deps), "forbidden");
    const noReason = await expectServiceError(revokeGrant(s.owner, { grantId: grant.id, reason: " " }, deps), "invalid");
    expect(noReason.fieldErrors.reason).toEqual(["Say why you are revoking this access."]);
    expect(await tableCounts(db)).toEqual(before);

    await revokeGrant(s.owner, { grantId: grant.id, reason: "suspicious session" }, deps);
    expect(await grantFor(db, request.id)).toMatchObject({ status: "revoked", revokeReason: "suspicious session", revokeRequestedBy: s.owner.email });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.revoked")));
    expect(event.details).toMatchObject({ reason: "suspicious session", requestedBy: s.owner.email, lagMs: 0 });
  });

  it("freezes a resource: live grants end, nothing new is accepted, until it is unfrozen", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 3 } });
    const deps = testDeps(db);
    const first = await liveGrant(s, deps);
    const second = await liveGrant(s, deps);
    const waiting = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const other = await makeScenario(db);
    await expectServiceError(freezeResource(other.owner, { resourceSlug: s.resource.slug, reason: "incident" }, deps), "not_found");

    const frozen = await freezeResource(s.owner, { resourceSlug: s.resource.slug, reason: "incident INC-42" }, deps);
    expect(frozen.revokedGrants).toBe(2);
    expect((await grantFor(db, first.request.id)).status).toBe("revoked");
    expect((await grantFor(db, second.request.id)).status).toBe("revoked");
    expect((await access(s, deps)).allowed).toBe(false);
    const refused = await expectServiceError(createRequest(s.requester, requestTerms(s.resource.id), deps), "invalid");
    expect(refused.fieldErrors.resourceId[0]).toMatch(/frozen \(incident INC-42\)/);
    await expectServiceError(approveRequest(s.approver, { requestId: waiting.id }, deps), "conflict");
    await expectServiceError(freezeResource(s.owner, { resourceSlug: s.resource.slug, reason: "again" }, deps), "conflict");

    await unfreezeResource(s.owner, { resourceSlug: s.resource.slug }, deps);
    expect((await approveRequest(s.approver, { requestId: waiting.id }, deps)).outcome).toBe("approved");
    const events = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.resourceId, s.resource.id)).orderBy(asc(auditEvents.seq));
    expect(events.map((e) => e.action).filter((a) => a.startsWith("resource."))).toEqual(["resource.frozen", "resource.unfrozen"]);
  });

  it("issues break-glass at once as a flagged exception, even through a governance gap, and the owner team reviews it", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { breakGlassTeamIds: [], breakGlassReviewMinutes: 120 } });
    const deps = testDeps(db);
    const notAllowed = await expectServiceError(createRequest(s.requester, requestTerms(s.resource.id, { breakGlass: true }), deps), "invalid");
    expect(notAllowed.fieldErrors.breakGlass).toEqual(["This resource's policy does not let your teams break glass."]);

    const bg = await makeScenario(db, { policy: { breakGlassTeamIds: [], breakGlassReviewMinutes: 120 } });
    await db.execute(`update policies set break_glass_team_ids = array['${bg.teams.devops.id}']::uuid[] where id = '${bg.policy.id}'`);
    await setRaci(db, bg.resource.id, []); // every rule broken: normal requests are refused
    await expectServiceError(createRequest(bg.requester, requestTerms(bg.resource.id), deps), "invalid");
    const noReason = await expectServiceError(createRequest(bg.requester, requestTerms(bg.resource.id, { breakGlass: true, justification: "" }), deps), "invalid");
    expect(noReason.fieldErrors.justification).toEqual(["Say what the emergency is: break-glass is reviewed afterwards."]);

    const request = await createRequest(bg.requester, requestTerms(bg.resource.id, { breakGlass: true, justification: "Payments down, INC-7" }), deps);
    expect(request).toMatchObject({ status: "approved", breakGlass: true, approvalsRequired: 0 });
    const grant = await grantFor(db, request.id);
    expect(grant).toMatchObject({ status: "active", breakGlass: true, reviewDueAt: new Date(deps.clock().getTime() + 120 * MINUTE_MS), reviewedAt: null });
    expect(grant.expiresAt).toEqual(new Date(deps.clock().getTime() + 15 * MINUTE_MS)); // still time-boxed
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.break_glass", "grant.issued"]);

    // Review: not by the person who broke the glass, not by another team's owner; escalation needs a comment.
    const ownerWhoBroke = await makeUser(db, { roles: ["owner", "requester"], teamIds: [bg.teams.owners.id, bg.teams.devops.id] });
    const own = await createRequest(ownerWhoBroke, requestTerms(bg.resource.id, { breakGlass: true, justification: "me too" }), deps);
    await expectServiceError(reviewBreakGlass(ownerWhoBroke, { grantId: (await grantFor(db, own.id)).id, outcome: "accepted" }, deps), "forbidden");
    await expectServiceError(reviewBreakGlass(s.owner, { grantId: grant.id, outcome: "accepted" }, deps), "not_found");
    const bare = await expectServiceError(reviewBreakGlass(bg.owner, { grantId: grant.id, outcome: "escalated", comment: "" }, deps), "invalid");
    expect(bare.fieldErrors.comment).toEqual(["Say why you escalate: what must happen next."]);

    deps.clock.advance(30 * MINUTE_MS);
    const reviewed = await reviewBreakGlass(bg.owner, { grantId: grant.id, outcome: "accepted", comment: "Incident confirmed" }, deps);
    expect(reviewed).toMatchObject({ reviewOutcome: "accepted", reviewedBy: bg.owner.id });
    await expectServiceError(reviewBreakGlass(bg.owner, { grantId: grant.id, outcome: "escalated", comment: "changed my mind" }, deps), "conflict");
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.reviewed")));
    expect(event.details).toMatchObject({ outcome: "accepted", onTime: true });

    // A freeze stops break-glass too.
    await db.update(resources).set({ frozenAt: deps.clock(), frozenReason: "drill" }).where(eq(resources.id, bg.resource.id));
    await expectServiceError(createRequest(bg.requester, requestTerms(bg.resource.id, { breakGlass: true, justification: "again" }), deps), "invalid");
  });

  it("keeps overlapping grants independent: 09:00–10:00 and 09:30–11:00 give access until 11:00", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 2, maxDurationMinutes: 120 } });
    const deps = testDeps(db);
    deps.clock.set(new Date("2026-06-01T09:00:00Z"));
    await liveGrant(s, deps, { durationMinutes: 60 });
    deps.clock.set(new Date("2026-06-01T09:30:00Z"));
    await liveGrant(s, deps, { durationMinutes: 90 });
    for (const [at, allowed] of [["2026-06-01T09:59:59Z", true], ["2026-06-01T10:00:00Z", true], ["2026-06-01T10:59:59Z", true], ["2026-06-01T11:00:00Z", false]] as const) {
      deps.clock.set(new Date(at));
      expect([at, (await access(s, deps)).allowed]).toEqual([at, allowed]);
    }
  });
});
