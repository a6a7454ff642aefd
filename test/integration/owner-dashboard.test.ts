// The control owner's dashboard figures (listOwnedResources, the /owner page) follow the state
// as it changes: requests waiting too long, a loosened policy waiting for a second owner, and
// break-glass reviews that are due or past their deadline, which the exceptions evidence
// report shows the same way (overdue now; reviewed on time or not). The clock is moved by hand.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, type NewPolicy, type Policy } from "@/db/schema";
import { exportReport } from "@/lib/audit/reports/export-report";
import { EXCEPTION_REPORT } from "@/lib/audit/reports/exception-report";
import type { ReportFilter } from "@/lib/audit/reports/report-filter";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { reviewBreakGlass } from "@/lib/grants/review-break-glass";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { confirmPolicyChange, rejectPolicyChange } from "@/lib/policy/review-policy";
import { savePolicy } from "@/lib/policy/save-policy";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { listOwnedResources, WAITING_TOO_LONG_MINUTES, type OwnedResourceView } from "@/lib/resources/list-owned-resources";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";
import { policyEdit } from "../policy-helpers";

const NO_FILTER: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null, actor: null, action: null };

/** The figures the dashboard shows for one resource. */
const FIGURES = ["pendingRequests", "waitingTooLong", "pendingPolicy", "exceptionsToReview", "exceptionsOverdue"] as const;
type Figures = Pick<OwnedResourceView, (typeof FIGURES)[number]>;

describe.each(ENGINES)("owner dashboard on %s", (engine) => {
  const handle = useTestDb(engine);

  async function scenario(policy: Partial<NewPolicy> = {}) {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 5, ...policy } });
    // Break-glass is for DevOps here (team ids exist only once the scenario made them).
    await db.execute(sql`update policies set break_glass_team_ids = array[${s.teams.devops.id}]::uuid[] where id = ${s.policy.id}`);
    const deps = testDeps(db);
    const figures = async (actor = s.owner): Promise<Figures> => {
      const row = (await listOwnedResources(actor, deps)).find((r) => r.id === s.resource.id);
      if (!row) throw new Error("the resource is not on this owner's dashboard");
      return Object.fromEntries(FIGURES.map((f) => [f, row[f]])) as Figures;
    };
    return { db, s, deps, figures };
  }
  const none: Figures = { pendingRequests: 0, waitingTooLong: 0, pendingPolicy: null, exceptionsToReview: 0, exceptionsOverdue: 0 };

  it("counts pending requests as waiting too long only once they have waited past the threshold, and not once decided", async () => {
    const { s, deps, figures } = await scenario({ approvalTimeoutMinutes: 24 * 60 });
    expect(await figures()).toEqual(none);

    const first = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(await figures()).toMatchObject({ pendingRequests: 1, waitingTooLong: 0 });
    deps.clock.advance(WAITING_TOO_LONG_MINUTES * MINUTE_MS); // exactly at the threshold: not yet
    expect(await figures()).toMatchObject({ pendingRequests: 1, waitingTooLong: 0 });
    deps.clock.advance(MINUTE_MS);
    expect(await figures()).toMatchObject({ pendingRequests: 1, waitingTooLong: 1 });

    const second = await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);
    const third = await createRequest(s.requester, requestTerms(s.resource.id, { justification: "later" }), deps);
    expect(await figures()).toMatchObject({ pendingRequests: 3, waitingTooLong: 1 });
    deps.clock.advance((WAITING_TOO_LONG_MINUTES + 1) * MINUTE_MS);
    expect(await figures()).toMatchObject({ pendingRequests: 3, waitingTooLong: 3 });

    // Decided or withdrawn, a request waits no more.
    await approveRequest(s.approver, { requestId: first.id }, deps);
    expect(await figures()).toMatchObject({ pendingRequests: 2, waitingTooLong: 2 });
    await cancelRequest(s.requester, { requestId: second.id }, deps);
    expect(await figures()).toMatchObject({ pendingRequests: 1, waitingTooLong: 1 });
    await approveRequest(s.approver2, { requestId: third.id }, deps);
    expect(await figures()).toMatchObject({ pendingRequests: 0, waitingTooLong: 0 });

    // Another team's owner never sees these figures.
    const other = await makeScenario(handle().db);
    expect((await listOwnedResources(other.owner, deps)).map((r) => r.id)).not.toContain(s.resource.id);
  });

  it("shows a loosened policy as waiting for confirmation until a second owner confirms or rejects it; a tightening never waits", async () => {
    const { db, s, deps, figures } = await scenario();
    const second = await makeUser(db, { roles: ["owner"], teamIds: [s.teams.owners.id] });
    const current = async () => (await getCurrentPolicy(db, s.resource.id)) as Policy;

    const tightened = await savePolicy(s.owner, policyEdit(s, await current(), { maxDurationMinutes: 45 }), deps);
    expect(tightened.policy.status).toBe("active");
    expect((await figures()).pendingPolicy).toBeNull();

    const loosened = await savePolicy(s.owner, policyEdit(s, await current(), { maxDurationMinutes: 90 }), deps);
    expect(loosened.policy.status).toBe("pending");
    // Every owner of the team sees it waiting, with who proposed it.
    const waiting = { id: loosened.policy.id, version: loosened.policy.version, proposedBy: s.owner.email };
    expect((await figures()).pendingPolicy).toEqual(waiting);
    expect((await figures(second)).pendingPolicy).toEqual(waiting);
    await confirmPolicyChange(second, { policyId: loosened.policy.id }, deps);
    expect((await figures()).pendingPolicy).toBeNull();
    expect((await current()).maxDurationMinutes).toBe(90);

    const again = await savePolicy(second, policyEdit(s, await current(), { maxDurationMinutes: 120 }), deps);
    expect((await figures()).pendingPolicy).toEqual({ id: again.policy.id, version: again.policy.version, proposedBy: second.email });
    await rejectPolicyChange(s.owner, { policyId: again.policy.id }, deps);
    expect((await figures()).pendingPolicy).toBeNull();
    expect((await current()).maxDurationMinutes).toBe(90);
  });

  it("shows a break-glass review past its deadline as overdue on the dashboard and in the exceptions evidence, and a late review as not on time", async () => {
    const { db, s, deps, figures } = await scenario({ breakGlassReviewMinutes: 120 });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const filter = { ...NO_FILTER, resourceId: s.resource.id };
    const evidence = async () => Object.fromEntries((await EXCEPTION_REPORT.page(filter, null, 50, deps)).rows.map((r) => [r.grantId, r]));
    const start = deps.clock().getTime();

    const late = await grantFor(db, (await createRequest(s.requester, requestTerms(s.resource.id, { breakGlass: true, justification: "INC-1 payments down" }), deps)).id);
    expect(late.reviewDueAt).toEqual(new Date(start + 120 * MINUTE_MS));
    expect(await figures()).toMatchObject({ exceptionsToReview: 1, exceptionsOverdue: 0 });
    expect((await evidence())[late.id]).toMatchObject({ reviewOverdueNow: false, reviewOnTime: null, reviewedAt: null });

    // The grant expires on its own after 15 minutes; its review is still owed.
    deps.clock.advance(20 * MINUTE_MS);
    expect((await expireDueGrants(deps)).expired).toBe(1);
    expect(await figures()).toMatchObject({ exceptionsToReview: 1, exceptionsOverdue: 0 });

    deps.clock.set(new Date(start + 120 * MINUTE_MS)); // exactly at the deadline: still on time
    expect(await figures()).toMatchObject({ exceptionsToReview: 1, exceptionsOverdue: 0 });
    expect((await evidence())[late.id].reviewOverdueNow).toBe(false);
    deps.clock.advance(MINUTE_MS);
    expect(await figures()).toMatchObject({ exceptionsToReview: 1, exceptionsOverdue: 1 });
    expect((await evidence())[late.id]).toMatchObject({ status: "expired", reviewOverdueNow: true, reviewOnTime: null });

    // A second glass broken now is due later: to review, not overdue.
    const onTime = await grantFor(db, (await createRequest(s.requester, requestTerms(s.resource.id, { breakGlass: true, justification: "INC-2 again" }), deps)).id);
    expect(await figures()).toMatchObject({ exceptionsToReview: 2, exceptionsOverdue: 1 });

    // The owner reviews the first late: recorded as not on time, and no longer overdue.
    deps.clock.advance(9 * MINUTE_MS);
    const lateAt = deps.clock();
    await reviewBreakGlass(s.owner, { grantId: late.id, outcome: "escalated", comment: "reviewed late: the on-call lead was away" }, deps);
    const [lateEvent] = await db.select().from(auditEvents).where(and(eq(auditEvents.grantId, late.id), eq(auditEvents.action, "grant.reviewed")));
    expect(lateEvent.details).toMatchObject({ outcome: "escalated", onTime: false, reviewDueAt: late.reviewDueAt!.toISOString() });
    expect(await figures()).toMatchObject({ exceptionsToReview: 1, exceptionsOverdue: 0 });
    expect((await evidence())[late.id]).toMatchObject({ reviewedAt: lateAt.toISOString(), reviewedBy: s.owner.email, reviewOutcome: "escalated", reviewOnTime: false, reviewOverdueNow: false });

    // The second is reviewed within its deadline.
    await reviewBreakGlass(s.owner, { grantId: onTime.id, outcome: "accepted" }, deps);
    const [onTimeEvent] = await db.select().from(auditEvents).where(and(eq(auditEvents.grantId, onTime.id), eq(auditEvents.action, "grant.reviewed")));
    expect(onTimeEvent.details).toMatchObject({ outcome: "accepted", onTime: true });
    expect(await figures()).toMatchObject({ exceptionsToReview: 0, exceptionsOverdue: 0 });
    expect((await evidence())[onTime.id]).toMatchObject({ reviewOnTime: true, reviewOverdueNow: false });

    // The exported evidence says the same, row by row.
    const csv = (await new Response(await exportReport(auditor, EXCEPTION_REPORT, filter, "csv", deps)).text()).trim().split("\r\n");
    const header = csv.findIndex((line) => line.startsWith("grantId,"));
    const columns = csv[header].split(",");
    const cellOf = (grantId: string, column: string) => csv.find((line) => line.startsWith(`${grantId},`))!.split(",")[columns.indexOf(column)];
    expect([cellOf(late.id, "reviewOnTime"), cellOf(late.id, "reviewOverdueNow")]).toEqual(["no", "no"]);
    expect([cellOf(onTime.id, "reviewOnTime"), cellOf(onTime.id, "reviewOverdueNow")]).toEqual(["yes", "no"]);
  });
});
