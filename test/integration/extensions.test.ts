// Extensions through the service functions, on every engine: asking for more time on a live
// grant, deciding it under the current policy, the cap on the total, and what happens when
// the grant ends first. Outcomes are read back from the database.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { extensionApprovals, memberships, policies, resources, users, type Policy } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { cancelExtension } from "@/lib/extensions/cancel-extension";
import { approveExtension, denyExtension } from "@/lib/extensions/decide-extension";
import { EXTENSIONS_NOT_ALLOWED } from "@/lib/extensions/extension-rules";
import { listExtensionQueue } from "@/lib/extensions/list-extension-queue";
import { requestExtension } from "@/lib/extensions/request-extension";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { freezeResource } from "@/lib/resources/freeze-resource";
import { approveRequest } from "@/lib/requests/decide-request";
import { createRequest } from "@/lib/requests/create-request";
import type { Db } from "@/db/client";
import { ENGINES, useTestDb } from "../db";
import { extensionById, extensionCounts, grantActions, grantById, grantEvents, liveGrantScenario, requestRevoke } from "../extension-helpers";
import { completeRaci, makeUser, requestTerms, setRaci } from "../factories";
import { eventsFor, expectServiceError, grantFor } from "../helpers";

const ask = (grantId: string, minutes: number, justification = "The migration is taking longer than planned") => ({ grantId, minutes, justification });

/** A new current policy version, as a tightening save would make it. */
async function newPolicyVersion(db: Db, current: Policy, changes: Partial<Policy>) {
  const { id: _id, ...rest } = current;
  const [next] = await db
    .insert(policies)
    .values({ ...rest, ...changes, version: current.version + 1, baseVersion: current.version, changeKind: "tighten" })
    .returning();
  return next;
}

describe.each(ENGINES)("grant extensions on %s", (engine) => {
  const handle = useTestDb(engine);

  it("gives a 6 h grant under an 8 h maximum total 2 h more, then refuses a further hour with what is left", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const { deps, grant } = s;
    expect(grant.expiresAt!.getTime() - grant.issuedAt!.getTime()).toBe(360 * MINUTE_MS);

    // More than the cap allows is refused on the minutes field, saying how much is left.
    const tooMuch = await expectServiceError(requestExtension(s.requester, ask(grant.id, 150), deps), "invalid");
    expect(tooMuch.fieldErrors.minutes).toEqual(["At most 2 h more: this grant already lasts 6 h and the policy allows 8 h in total."]);

    deps.clock.advance(60 * MINUTE_MS);
    const { extension } = await requestExtension(s.requester, ask(grant.id, 120), deps);
    expect(extension).toMatchObject({ status: "pending", minutes: 120, approvalsRequired: 1, requesterUserId: s.requester.id });
    // Asking is not getting: the grant is untouched until someone approves.
    expect((await grantById(db, grant.id)).expiresAt).toEqual(grant.expiresAt);

    deps.clock.advance(5 * MINUTE_MS);
    const decision = await approveExtension(s.approver, { extensionId: extension.id, comment: "Fine, finish it" }, deps);
    expect(decision.outcome).toBe("approved");
    const extended = await grantById(db, grant.id);
    expect(extended.extendedMinutes).toBe(120);
    expect(extended.expiresAt!.getTime()).toBe(grant.expiresAt!.getTime() + 120 * MINUTE_MS);
    expect(extended.status).toBe("active");
    expect(await extensionById(db, extension.id)).toMatchObject({ status: "approved", decidedPolicyId: s.policy.id, decidedAt: deps.clock() });

    const [approved] = await grantEvents(db, grant.id, ["extension.approved"]);
    expect(approved.actorLabel).toBe(s.approver.email);
    expect(approved.details).toMatchObject({
      extensionId: extension.id,
      minutes: 120,
      expiresAtBefore: grant.expiresAt!.toISOString(),
      expiresAtAfter: extended.expiresAt!.toISOString(),
      totalMinutes: 480,
      maxTotalMinutes: 480,
      approvers: [s.approver.email],
      comment: "Fine, finish it",
    });

    // 8 h reached: a further hour is refused, and nothing is written.
    const before = await extensionCounts(db);
    const refused = await expectServiceError(requestExtension(s.requester, ask(grant.id, 60), deps), "invalid");
    expect(refused.fieldErrors.minutes?.[0]).toMatch(/already lasts 8 h, the most the policy allows in total/);
    expect(await extensionCounts(db)).toEqual(before);

    expect(await grantActions(db, grant.id)).toEqual(["request.approved", "grant.issued", "extension.requested", "extension.approved"]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("refuses with the reason when the policy does not allow extensions, and writes nothing", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { policy: { extensionsAllowed: false, maxTotalMinutes: null } });
    const before = await extensionCounts(db);
    const error = await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 30), s.deps), "invalid");
    expect(error.message).toBe(EXTENSIONS_NOT_ALLOWED);
    expect(await extensionCounts(db)).toEqual(before);
  });

  it("approves at once under an auto rule, as the system and never as the holder", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { policy: { approvalRule: "auto" } });
    const { extension, grant } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    expect(extension.status).toBe("approved");
    expect(grant.expiresAt!.getTime()).toBe(s.grant.expiresAt!.getTime() + 30 * MINUTE_MS);
    const [approved] = await grantEvents(db, s.grant.id, ["extension.approved"]);
    expect(approved).toMatchObject({ actorKind: "system", actorId: "auto-approval" });
    expect(approved.details).toMatchObject({ approvers: [], minutes: 30 });
  });

  it("refuses self-approval of an extension, changes nothing and records the attempt", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    // Someone who may both request and approve on the resource, holding a grant of their own.
    const both = await makeUser(db, { roles: ["requester", "approver"], teamIds: [s.teams.devops.id, s.teams.iam.id] });
    const request = await createRequest(both, requestTerms(s.resource.id, { durationMinutes: 60 }), s.deps);
    await approveRequest(s.approver, { requestId: request.id }, s.deps);
    const grant = await grantFor(db, request.id);
    const { extension } = await requestExtension(both, ask(grant.id, 30), s.deps);
    const before = await extensionCounts(db);

    const error = await expectServiceError(approveExtension(both, { extensionId: extension.id }, s.deps), "forbidden");
    expect(error.message).toMatch(/your own extension/);
    await expectServiceError(denyExtension(both, { extensionId: extension.id }, s.deps), "forbidden");
    // Nothing changed but the evidence: one event per attempt saying who tried.
    expect(await extensionCounts(db)).toEqual({ ...before, events: before.events + 2 });
    const attempts = (await eventsFor(db, request.id)).filter((e) => e.action === "extension.self_decision_refused");
    expect(attempts.map((e) => [e.actorLabel, e.requestId, (e.details as { extensionId: string }).extensionId])).toEqual([
      [both.email, request.id, extension.id],
      [both.email, request.id, extension.id],
    ]);
    expect((await extensionById(db, extension.id)).status).toBe("pending");
    expect((await grantById(db, grant.id)).expiresAt).toEqual(grant.expiresAt);
    // Nor does it reach their own queue.
    expect((await listExtensionQueue(both, s.deps)).map((x) => x.id)).not.toContain(extension.id);
  });

  it("needs two distinct approvers under a dual rule, and one deny ends it", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { policy: { approvalRule: "dual" } });
    const { deps, grant } = s;
    const { extension } = await requestExtension(s.requester, ask(grant.id, 60), deps);
    expect(extension.approvalsRequired).toBe(2);

    const first = await approveExtension(s.approver, { extensionId: extension.id }, deps);
    expect(first).toMatchObject({ outcome: "awaiting-more", approvals: 1, required: 2 });
    expect((await grantById(db, grant.id)).expiresAt).toEqual(grant.expiresAt);
    // The same person twice is still one approver.
    await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, deps), "conflict");
    // The queue shows the second approver where it stands.
    const [queued] = await listExtensionQueue(s.approver2, deps);
    expect(queued).toMatchObject({ id: extension.id, approvalsRequired: 2, approvedBy: [s.approver.email], minutes: 60, holderEmail: s.requester.email });
    expect(await listExtensionQueue(s.approver, deps)).toEqual([]);

    const second = await approveExtension(s.approver2, { extensionId: extension.id }, deps);
    expect(second.outcome).toBe("approved");
    expect((await grantById(db, grant.id)).expiresAt!.getTime()).toBe(grant.expiresAt!.getTime() + 60 * MINUTE_MS);
    const [approved] = await grantEvents(db, grant.id, ["extension.approved"]);
    expect(approved.details).toMatchObject({ approvers: [s.approver.email, s.approver2.email] });

    // A second extension: one approval, then a deny ends it and the grant keeps its expiry.
    const expiresAt = (await grantById(db, grant.id)).expiresAt;
    const { extension: next } = await requestExtension(s.requester, ask(grant.id, 30), deps);
    await approveExtension(s.approver, { extensionId: next.id }, deps);
    const denied = await denyExtension(s.approver2, { extensionId: next.id, comment: "Not needed" }, deps);
    expect(denied.outcome).toBe("denied");
    expect(await extensionById(db, next.id)).toMatchObject({ status: "denied" });
    expect((await grantById(db, grant.id)).expiresAt).toEqual(expiresAt);
    const third = await makeUser(db, { roles: ["approver"], teamIds: [s.teams.iam.id] });
    const late = await expectServiceError(approveExtension(third, { extensionId: next.id }, deps), "conflict");
    expect(late.message).toMatch(/already been denied/);
    const decisions = await db.select().from(extensionApprovals).where(eq(extensionApprovals.extensionId, next.id));
    expect(decisions.map((d) => d.decision).sort()).toEqual(["approve", "deny"]);
  });

  it("makes the access check follow the new expiry", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { durationMinutes: 60 });
    const query = { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" };
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 90), s.deps);
    await approveExtension(s.approver, { extensionId: extension.id }, s.deps);
    const newExpiry = (await grantById(db, s.grant.id)).expiresAt!;
    expect(newExpiry.getTime()).toBe(s.grant.expiresAt!.getTime() + 90 * MINUTE_MS);

    expect((await checkAccess(db, query, s.grant.expiresAt!)).allowed).toBe(true);
    const justBefore = await checkAccess(db, query, new Date(newExpiry.getTime() - 1));
    expect(justBefore).toMatchObject({ allowed: true, until: newExpiry });
    expect((await checkAccess(db, query, newExpiry)).allowed).toBe(false);

    // And the sweep ends it at the new time, not the old one.
    s.deps.clock.set(new Date(s.grant.expiresAt!.getTime() + MINUTE_MS));
    await expireDueGrants(s.deps); // other tests' grants may be due; this one is not
    expect((await grantById(db, s.grant.id)).status).toBe("active");
    s.deps.clock.set(newExpiry);
    await expireDueGrants(s.deps);
    expect((await grantById(db, s.grant.id)).status).toBe("expired");
  });

  it("voids an extension still pending when the grant expires, and it cannot be approved late", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { durationMinutes: 30 });
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);

    // Past its expiry (before the sweep ran), the grant is over: approving changes nothing.
    s.deps.clock.set(s.grant.expiresAt!);
    const before = await extensionCounts(db);
    const late = await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, s.deps), "conflict");
    expect(late.message).toMatch(/already ended/);
    expect(await extensionCounts(db)).toEqual(before);
    expect(await listExtensionQueue(s.approver, s.deps)).toEqual([]);

    s.deps.clock.advance(2_000);
    await expireDueGrants(s.deps);
    expect((await grantById(db, s.grant.id)).status).toBe("expired");
    expect((await grantById(db, s.grant.id)).expiresAt).toEqual(s.grant.expiresAt);
    expect(await extensionById(db, extension.id)).toMatchObject({ status: "void", decidedAt: s.deps.clock() });
    const [voided] = await grantEvents(db, s.grant.id, ["extension.void"]);
    expect(voided).toMatchObject({ actorId: "expiry-worker", requestId: s.request.id });
    expect(voided.details).toMatchObject({ extensionId: extension.id, minutes: 30 });
    expect(await grantActions(db, s.grant.id)).toEqual(["request.approved", "grant.issued", "extension.requested", "grant.expired", "extension.void"]);

    const after = await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, s.deps), "conflict");
    expect(after.message).toMatch(/already been void/);
    await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 10), s.deps), "conflict");
  });

  it("voids a pending extension when the grant is ended early, and refuses new ones on it", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { durationMinutes: 60 });
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    expect(await requestRevoke(db, s.grant.id, s.requester, s.deps.clock())).toBe(true);
    await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, s.deps), "conflict");
    const refused = await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 10), s.deps), "conflict");
    expect(refused.message).toMatch(/has been ended/);

    s.deps.clock.advance(1_000);
    expect((await expireDueGrants(s.deps)).revoked).toBe(1);
    expect((await extensionById(db, extension.id)).status).toBe("void");
    const [voided] = await grantEvents(db, s.grant.id, ["extension.void"]);
    expect(voided.details).toMatchObject({ reason: expect.stringMatching(/ended early/) });
  });

  it("accepts no extension on a frozen resource or one with a governance gap, and approval re-checks both", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    await cancelExtension(s.requester, { extensionId: extension.id }, s.deps);

    // Frozen: asking is refused; a pending extension cannot be approved (it can still be denied).
    const { extension: pending } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    await db.update(resources).set({ frozenAt: s.deps.clock(), frozenReason: "incident 42", frozenBy: s.owner.email }).where(eq(resources.id, s.resource.id));
    const frozen = await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 30), s.deps), "invalid");
    expect(frozen.message).toMatch(/frozen \(incident 42\)/);
    const before = await extensionCounts(db);
    const blocked = await expectServiceError(approveExtension(s.approver, { extensionId: pending.id }, s.deps), "conflict");
    expect(blocked.message).toMatch(/frozen \(incident 42\).*Approval waits/);
    expect(await extensionCounts(db)).toEqual(before);
    expect((await grantById(db, s.grant.id)).expiresAt).toEqual(s.grant.expiresAt);
    expect((await denyExtension(s.approver, { extensionId: pending.id }, s.deps)).outcome).toBe("denied");

    // A governance gap: nobody responsible for revocation.
    await db.update(resources).set({ frozenAt: null, frozenReason: null, frozenBy: null }).where(eq(resources.id, s.resource.id));
    const { extension: beforeGap } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    const complete = completeRaci(s.teams.owners.id, s.teams.devops.id, s.teams.iam.id, s.teams.pam.id);
    await setRaci(db, s.resource.id, complete.filter((c) => !(c.activity === "revocation" && c.letter === "R")));
    const gapApproval = await expectServiceError(approveExtension(s.approver, { extensionId: beforeGap.id }, s.deps), "conflict");
    expect(gapApproval.message).toMatch(/governance gap/);
    await cancelExtension(s.requester, { extensionId: beforeGap.id }, s.deps);
    const gap = await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 30), s.deps), "invalid");
    expect(gap.message).toMatch(/governance gap/);
    const view = await listMyRequests(s.requester, s.deps);
    expect(view.current[0].grant?.extension).toMatchObject({ canAsk: false, blockedReason: expect.stringMatching(/governance gap/) });

    await setRaci(db, s.resource.id, complete);
    const again = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    expect(again.extension.status).toBe("pending");
  });

  it("freezing the resource (the freeze service) ends the grant and voids its pending extension", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    await freezeResource(s.owner, { resourceSlug: s.resource.slug, reason: "incident 43" }, s.deps);

    expect((await grantById(db, s.grant.id)).status).toBe("revoked");
    expect(await extensionById(db, extension.id)).toMatchObject({ status: "void" });
    expect(await grantEvents(db, s.grant.id, ["extension.void"])).toHaveLength(1);
    await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, s.deps), "conflict");
    await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 30), s.deps), "conflict");
  });

  it("re-checks the current policy on approval: extensions switched off, a smaller total, a stricter rule", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 120), s.deps);

    const smaller = await newPolicyVersion(db, s.policy, { maxTotalMinutes: 420 });
    const capped = await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, s.deps), "conflict");
    expect(capped.message).toMatch(/no longer fits .*At most 1 h more/);

    const dual = await newPolicyVersion(db, smaller, { maxTotalMinutes: 480, approvalRule: "dual" });
    expect(await approveExtension(s.approver, { extensionId: extension.id }, s.deps)).toMatchObject({ outcome: "awaiting-more", required: 2 });

    await newPolicyVersion(db, dual, { extensionsAllowed: false, maxTotalMinutes: null });
    const off = await expectServiceError(approveExtension(s.approver2, { extensionId: extension.id }, s.deps), "conflict");
    expect(off.message).toContain(EXTENSIONS_NOT_ALLOWED);
    expect((await grantById(db, s.grant.id)).extendedMinutes).toBe(0);
    // Denying is always possible.
    expect((await denyExtension(s.approver2, { extensionId: extension.id }, s.deps)).outcome).toBe("denied");
  });

  it("refuses the holder once they are no longer eligible, and hides others' grants and extensions", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db);
    const stranger = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });
    await expectServiceError(requestExtension(stranger, ask(s.grant.id, 30), s.deps), "not_found");
    // Approvers decide extensions; they do not ask for them.
    await expectServiceError(requestExtension(s.approver, ask(s.grant.id, 30), s.deps), "forbidden");

    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 30), s.deps);
    // Only approvers of the resource may decide; others learn nothing, requesters are refused outright.
    const elsewhere = await makeUser(db, { roles: ["approver"], teamIds: [s.teams.owners.id] });
    await expectServiceError(approveExtension(elsewhere, { extensionId: extension.id }, s.deps), "not_found");
    await expectServiceError(approveExtension(stranger, { extensionId: extension.id }, s.deps), "forbidden");
    await expectServiceError(cancelExtension(stranger, { extensionId: extension.id }, s.deps), "not_found");
    expect(await listExtensionQueue(elsewhere, s.deps)).toEqual([]);

    // One extension waits at a time.
    const twice = await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 10), s.deps), "conflict");
    expect(twice.message).toMatch(/already waiting/);
    await cancelExtension(s.requester, { extensionId: extension.id }, s.deps);
    await expectServiceError(cancelExtension(s.requester, { extensionId: extension.id }, s.deps), "conflict");
    await expectServiceError(approveExtension(s.approver, { extensionId: extension.id }, s.deps), "conflict");

    await db.delete(memberships).where(and(eq(memberships.userId, s.requester.id), eq(memberships.teamId, s.teams.devops.id)));
    const holder = { ...s.requester, teamIds: [] };
    const error = await expectServiceError(requestExtension(holder, ask(s.grant.id, 30), s.deps), "invalid");
    expect(error.message).toMatch(/no longer eligible/);

    // A disabled account asks for nothing, even with a session still open.
    await db.update(users).set({ disabled: true }).where(eq(users.id, s.requester.id));
    const before = await extensionCounts(db);
    await expectServiceError(requestExtension(s.requester, ask(s.grant.id, 30), s.deps), "forbidden");
    expect(await extensionCounts(db)).toEqual(before);
  });

  it("shows the holder the pending extension and what the cap still allows", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { policy: { approvalRule: "dual" } });
    let view = await listMyRequests(s.requester, s.deps);
    expect(view.current[0].grant?.extension).toMatchObject({ pending: null, canAsk: true, blockedReason: null, totalMinutes: 360, maxTotalMinutes: 480, remainingMinutes: 120 });

    const { extension } = await requestExtension(s.requester, ask(s.grant.id, 45), s.deps);
    await approveExtension(s.approver, { extensionId: extension.id }, s.deps);
    view = await listMyRequests(s.requester, s.deps);
    expect(view.current[0].grant?.extension).toMatchObject({
      pending: { id: extension.id, minutes: 45, approvalsRequired: 2, approvedBy: [s.approver.email] },
      canAsk: false,
    });

    await approveExtension(s.approver2, { extensionId: extension.id }, s.deps);
    view = await listMyRequests(s.requester, s.deps);
    expect(view.current[0].grant).toMatchObject({
      expiresAt: new Date(s.grant.expiresAt!.getTime() + 45 * MINUTE_MS).toISOString(),
      extension: { pending: null, canAsk: true, totalMinutes: 405, extendedMinutes: 45, remainingMinutes: 75 },
    });
  });
});
