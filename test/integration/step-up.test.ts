// Step-up on every engine: approving or denying a request or an extension, breaking glass and
// confirming a loosened policy need a sign-in (or a re-entered password) within the step-up
// window. Actors here come from real sessions, read the way lib/auth/require-actor.ts reads
// them, so the clock decides whether a session is recent.
import { and, asc, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { accessRequests, auditEvents, extensionRequests, policies, sessions, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { hashPassword } from "@/lib/auth/password";
import { stepUpWindowMs } from "@/lib/auth/session-limits";
import { inspectSession } from "@/lib/auth/sessions";
import { MAX_FAILURES_PER_ACCOUNT, signInWithPassword } from "@/lib/auth/sign-in";
import { stepUpWithPassword } from "@/lib/auth/step-up";
import { approveExtension, denyExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { savePolicy } from "@/lib/policy/save-policy";
import { confirmPolicyChange } from "@/lib/policy/review-policy";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { ENGINES, useTestDb } from "../db";
import { extensionCounts, liveGrantScenario } from "../extension-helpers";
import { makeUser, requestTerms } from "../factories";
import { expectServiceError, tableCounts } from "../helpers";
import { policyEdit } from "../policy-helpers";

const PASSWORD = "correct horse battery staple";
const WINDOW = stepUpWindowMs();
// Long enough that no session here goes idle or expires: only the step-up window matters.
const LIMITS = { idleMs: 24 * 3_600_000, absoluteMs: 24 * 3_600_000 };

describe.each(ENGINES)("step-up on %s", (engine) => {
  const handle = useTestDb(engine);

  /** Gives `user` a password, signs them in now, and returns how to read them as require-actor does. */
  async function signIn(db: Db, clock: () => Date, user: UserActor, address = "203.0.113.9") {
    await db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, user.id));
    const result = await signInWithPassword({ email: user.email, password: PASSWORD, address }, { db, clock });
    if (result.outcome !== "signed-in") throw new Error(`sign-in failed: ${result.outcome}`);
    const sessionId = result.sessionId;
    return {
      sessionId,
      async actor(): Promise<UserActor> {
        const found = await inspectSession(db, { sessionId, userId: user.id, activity: true }, clock(), LIMITS);
        expect(found.verdict).toBe("live");
        return (await loadUserActor(db, user.id, found.authenticatedAt ?? null))!;
      },
    };
  }

  /** A pending request, a pending extension on a live grant, a pending loosening, and break-glass allowed to DevOps. */
  async function everythingWaiting(db: Db) {
    const s = await liveGrantScenario(db, { policy: { maxLiveGrants: 10 } });
    await db.update(policies).set({ breakGlassTeamIds: [s.teams.devops.id] }).where(eq(policies.id, s.policy.id));
    const pending = await createRequest(s.requester, requestTerms(s.resource.id), s.deps);
    const { extension } = await requestExtension(s.requester, { grantId: s.grant.id, minutes: 60, justification: "Migration still running" }, s.deps);
    const current = (await getCurrentPolicy(db, s.resource.id))!;
    const loosened = await savePolicy(s.owner, policyEdit(s, current, { approvalTimeoutMinutes: current.approvalTimeoutMinutes + 60 }), s.deps);
    expect(loosened.kind).toBe("loosen");
    const secondOwner = await makeUser(db, { roles: ["owner"], teamIds: [s.teams.owners.id] });
    return { ...s, pending, extension, proposedPolicyId: loosened.policy.id, secondOwner };
  }

  async function snapshot(db: Db, s: Awaited<ReturnType<typeof everythingWaiting>>) {
    const [[request], [extension], [policy]] = await Promise.all([
      db.select({ status: accessRequests.status }).from(accessRequests).where(eq(accessRequests.id, s.pending.id)),
      db.select({ status: extensionRequests.status }).from(extensionRequests).where(eq(extensionRequests.id, s.extension.id)),
      db.select({ status: policies.status }).from(policies).where(eq(policies.id, s.proposedPolicyId)),
    ]);
    return { tables: await tableCounts(db), extensions: await extensionCounts(db), request, extension, policy };
  }

  it("refuses each of the four acts from a session older than the window, writing nothing, and lets them through after a step-up", async () => {
    const { db } = handle();
    const s = await everythingWaiting(db);
    const clock = s.deps.clock;
    const approver = await signIn(db, clock, s.approver);
    const owner = await signIn(db, clock, s.secondOwner);
    const requester = await signIn(db, clock, s.requester);
    clock.advance(WINDOW);

    const before = await snapshot(db, s);
    const stale = { approver: await approver.actor(), owner: await owner.actor(), requester: await requester.actor() };
    const refusal = await expectServiceError(approveRequest(stale.approver, { requestId: s.pending.id }, s.deps), "step_up_required");
    expect(refusal.message).toMatch(/needs a recent sign-in/);
    await expectServiceError(denyRequest(stale.approver, { requestId: s.pending.id }, s.deps), "step_up_required");
    await expectServiceError(approveExtension(stale.approver, { extensionId: s.extension.id }, s.deps), "step_up_required");
    await expectServiceError(denyExtension(stale.approver, { extensionId: s.extension.id }, s.deps), "step_up_required");
    await expectServiceError(createRequest(stale.requester, requestTerms(s.resource.id, { breakGlass: true, justification: "Outage INC-9" }), s.deps), "step_up_required");
    await expectServiceError(confirmPolicyChange(stale.owner, { policyId: s.proposedPolicyId }, s.deps), "step_up_required");
    // No state changed and no event was written (not even a refusal).
    expect(await snapshot(db, s)).toEqual(before);

    // Asking for access in the ordinary way is not a step-up act.
    expect((await createRequest(stale.requester, requestTerms(s.resource.id), s.deps)).status).toBe("pending");

    // Step up, each in their own session; then every act goes through.
    for (const [who, signedIn] of [[s.approver, approver], [s.secondOwner, owner], [s.requester, requester]] as const) {
      expect(await stepUpWithPassword(await signedIn.actor(), { password: PASSWORD, sessionId: signedIn.sessionId, address: "203.0.113.9" }, s.deps)).toEqual({ outcome: "confirmed" });
      const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.actorId, who.id), eq(auditEvents.action, "auth.step_up")));
      expect(event).toMatchObject({ actorKind: "user", actorLabel: who.email, details: { sessionId: signedIn.sessionId, method: "password" } });
    }
    expect((await approveRequest(await approver.actor(), { requestId: s.pending.id }, s.deps)).outcome).toBe("approved");
    expect((await approveExtension(await approver.actor(), { extensionId: s.extension.id }, s.deps)).outcome).toBe("approved");
    expect((await confirmPolicyChange(await owner.actor(), { policyId: s.proposedPolicyId }, s.deps)).status).toBe("active");
    const glass = await createRequest(await requester.actor(), requestTerms(s.resource.id, { breakGlass: true, justification: "Outage INC-9" }), s.deps);
    expect(glass).toMatchObject({ status: "approved", breakGlass: true });

    // The step-up lasts as long as a sign-in does: one window.
    clock.advance(WINDOW);
    const again = await createRequest(s.requester, requestTerms(s.resource.id), s.deps);
    await expectServiceError(denyRequest(await approver.actor(), { requestId: again.id }, s.deps), "step_up_required");
  });

  it("lets a fresh sign-in decide without a step-up, up to the end of the window", async () => {
    const { db } = handle();
    const s = await everythingWaiting(db);
    const approver = await signIn(db, s.deps.clock, s.approver);
    s.deps.clock.advance(WINDOW - 1000);
    expect((await denyRequest(await approver.actor(), { requestId: s.pending.id }, s.deps)).outcome).toBe("denied");
    expect((await denyExtension(await approver.actor(), { extensionId: s.extension.id }, s.deps)).outcome).toBe("denied");
  });

  it("does not refresh the session on a wrong password, counts it against the sign-in limits, and never revives an ended session", async () => {
    const { db } = handle();
    const s = await everythingWaiting(db);
    const clock = s.deps.clock;
    const approver = await signIn(db, clock, s.approver, "198.51.100.4");
    clock.advance(WINDOW);
    const [{ authenticatedAt }] = await db.select({ authenticatedAt: sessions.authenticatedAt }).from(sessions).where(eq(sessions.id, approver.sessionId));

    const attempt = (password: string) => stepUpWithPassword(s.approver, { password, sessionId: approver.sessionId, address: "198.51.100.4" }, s.deps);
    expect(await attempt("wrong")).toEqual({ outcome: "failed" });
    const [after] = await db.select({ authenticatedAt: sessions.authenticatedAt }).from(sessions).where(eq(sessions.id, approver.sessionId));
    expect(after.authenticatedAt).toEqual(authenticatedAt);
    await expectServiceError(approveRequest(await approver.actor(), { requestId: s.pending.id }, s.deps), "step_up_required");
    const failed = await db.select().from(auditEvents).where(and(eq(auditEvents.actorId, s.approver.id), eq(auditEvents.action, "auth.step_up_failed")));
    expect(failed).toHaveLength(1);

    // The same limit as sign-in: after five failures even the right password is refused, here and at sign-in.
    for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT; i++) await attempt("wrong");
    expect(await attempt(PASSWORD)).toMatchObject({ outcome: "rate-limited" });
    expect(await signInWithPassword({ email: s.approver.email, password: PASSWORD, address: "198.51.100.5" }, s.deps)).toMatchObject({ outcome: "rate-limited" });
    await expectServiceError(approveRequest(await approver.actor(), { requestId: s.pending.id }, s.deps), "step_up_required");

    // Another person's session cannot be refreshed with one's own password; an ended one not at all.
    const other = await signIn(db, clock, s.secondOwner, "198.51.100.6");
    await expectServiceError(stepUpWithPassword(s.secondOwner, { password: PASSWORD, sessionId: approver.sessionId, address: "198.51.100.6" }, s.deps), "not_found");
    await db.update(sessions).set({ endedAt: clock(), endedReason: "signed out" }).where(eq(sessions.id, other.sessionId));
    await expectServiceError(stepUpWithPassword(s.secondOwner, { password: PASSWORD, sessionId: other.sessionId, address: "198.51.100.6" }, s.deps), "not_found");
    const stepUps = await db.select().from(auditEvents).where(and(inArray(auditEvents.actorId, [s.approver.id, s.secondOwner.id]), eq(auditEvents.action, "auth.step_up"))).orderBy(asc(auditEvents.seq));
    expect(stepUps).toEqual([]);
  });

  it("treats a call without a session behind it (a personal API token) as never recent", async () => {
    const { db } = handle();
    const s = await everythingWaiting(db);
    const tokenActor = (await loadUserActor(db, s.approver.id))!;
    expect(tokenActor.authenticatedAt).toBeNull();
    await expectServiceError(approveRequest(tokenActor, { requestId: s.pending.id }, s.deps), "step_up_required");
  });
});
