// What each page shows, and to whom: queues, own requests, audit pages and timelines.
import { describe, expect, it } from "vitest";
import { listUsers } from "@/lib/admin/list-users";
import { getTimeline } from "@/lib/audit/get-timeline";
import { listAuditEvents } from "@/lib/audit/list-events";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { listApprovalQueue } from "@/lib/requests/list-approval-queue";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { listOwnedResources } from "@/lib/resources/list-owned-resources";
import { listRequestableResources } from "@/lib/resources/list-requestable-resources";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError } from "../helpers";

describe.each(ENGINES)("read models on %s", (engine) => {
  const handle = useTestDb(engine);

  it("shows an approver only requests they may decide: not their own, not other teams', not ones they decided", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "dual" } });
    const deps = testDeps(db);
    const both = await makeUser(db, { roles: ["requester", "approver"], teamIds: [s.teams.devops.id, s.teams.iam.id] });
    const own = await createRequest(both, requestTerms(s.resource.id), deps);
    const theirs = await createRequest(s.requester, requestTerms(s.resource.id), deps);

    const queue = (await listApprovalQueue(both, deps)).map((item) => item.id);
    expect(queue).toContain(theirs.id);
    expect(queue).not.toContain(own.id);

    await approveRequest(both, { requestId: theirs.id }, deps);
    expect((await listApprovalQueue(both, deps)).map((i) => i.id)).not.toContain(theirs.id);
    const forSecond = (await listApprovalQueue(s.approver2, deps)).find((i) => i.id === theirs.id);
    expect(forSecond).toMatchObject({ approvalsRequired: 2, approvedBy: [both.email], requesterEmail: s.requester.email });
    // The approval deadline under the current policy (24 h by default).
    expect(forSecond!.decideBy).toBe(new Date(theirs.createdAt.getTime() + 1440 * 60_000).toISOString());

    const elsewhere = await makeScenario(db);
    expect((await listApprovalQueue(elsewhere.approver, deps)).map((i) => i.id)).not.toContain(theirs.id);
    await expectServiceError(listApprovalQueue(s.requester, deps), "forbidden");
  });

  it("shows a requester their own requests only, sorted into pending, current and history", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 3 } });
    const deps = testDeps(db);
    const pending = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const live = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    await approveRequest(s.approver, { requestId: live.id }, deps);
    const denied = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await denyRequest(s.approver, { requestId: denied.id }, deps);
    const someoneElse = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });
    await createRequest(someoneElse, requestTerms(s.resource.id), deps);

    const view = await listMyRequests(s.requester, deps);
    expect(view.pending.map((r) => r.id)).toEqual([pending.id]);
    expect(view.current.map((r) => r.id)).toEqual([live.id]);
    expect(view.current[0].grant).toMatchObject({ status: "active", live: true, revocationPending: false });
    expect(view.history.map((r) => r.id)).toEqual([denied.id]);

    // Only history is cut short: what is still in play always shows, however old.
    deps.clock.advance(1_000);
    const newer = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await denyRequest(s.approver, { requestId: newer.id }, deps);
    const short = await listMyRequests(s.requester, deps, 1);
    expect(short.history.map((r) => r.id)).toEqual([newer.id]);
    expect(short.current.map((r) => r.id)).toEqual([live.id]);
    expect(short.pending.map((r) => r.id)).toEqual([pending.id]);

    // Past its time but not yet swept: no longer live, flagged as ending.
    deps.clock.advance(5 * MINUTE_MS);
    const ending = await listMyRequests(s.requester, deps);
    expect(ending.current[0].grant).toMatchObject({ live: false, revocationPending: true });
    await expireDueGrants(deps);
    const after = await listMyRequests(s.requester, deps);
    expect(after.current).toEqual([]);
    expect(after.history.find((r) => r.id === live.id)?.grant?.status).toBe("expired");
  });

  it("offers the request form only the resources whose policy makes the requester eligible", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const other = await makeScenario(db);
    const ids = (await listRequestableResources(s.requester, testDeps(db))).map((r) => r.id);
    expect(ids).toContain(s.resource.id);
    expect(ids).not.toContain(other.resource.id);
  });

  it("pages the audit log newest first by sequence, and builds a lifecycle timeline", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 1 }), deps);
    await approveRequest(s.approver, { requestId: request.id, comment: "go" }, deps);
    deps.clock.advance(MINUTE_MS);
    await expireDueGrants(deps);

    const first = await listAuditEvents(auditor, { limit: 3 }, deps);
    expect(first.events).toHaveLength(3);
    const seqs = first.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const second = await listAuditEvents(auditor, { limit: 3, before: first.nextBefore }, deps);
    expect(second.events[0].seq).toBe(seqs[2] - 1);

    const timeline = await getTimeline(auditor, { requestId: request.id }, deps);
    expect(timeline.events.map((e) => [e.action, e.actorLabel])).toEqual([
      ["request.created", s.requester.email],
      ["request.approved", s.approver.email],
      ["grant.issued", "Lapse issuer"],
      ["grant.expired", "Lapse expiry worker"],
    ]);
    const byGrant = await getTimeline(auditor, { grantId: timeline.grant!.id }, deps);
    expect(byGrant.request.id).toBe(request.id);
    await expectServiceError(getTimeline(auditor, { requestId: "00000000-0000-4000-8000-000000000000" }, deps), "not_found");
    await expectServiceError(getTimeline(auditor, { grantId: "not-a-uuid" }, deps), "not_found");
    await expectServiceError(getTimeline(s.requester, { requestId: request.id }, deps), "forbidden");
    await expectServiceError(listAuditEvents(s.approver, {}, deps), "forbidden");
  });

  it("shows an owner only the resources their team owns, and users only to admins", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const other = await makeScenario(db);
    const deps = testDeps(db);
    const owned = await listOwnedResources(s.owner, deps);
    expect(owned.map((r) => r.id)).toEqual([s.resource.id]);
    expect(owned[0]).toMatchObject({ policyVersion: 1, approvalRule: "single", liveGrants: 0, overdueRevocations: 0 });
    expect((await listOwnedResources(other.owner, deps)).map((r) => r.id)).not.toContain(s.resource.id);
    await expectServiceError(listOwnedResources(s.approver, deps), "forbidden");

    const admin = await makeUser(db, { roles: ["admin"] });
    expect((await listUsers(admin, deps)).find((u) => u.id === s.requester.id)).toMatchObject({ roles: ["requester"] });
    await expectServiceError(listUsers(s.owner, deps), "forbidden");
  });
});
