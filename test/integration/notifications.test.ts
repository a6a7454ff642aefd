// Notifications through the service functions, on every engine: who is told what, in the
// portal and by email over a real SMTP server (smtp-server on 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { policies, users } from "@/db/schema";
import { recordOnlyConnector } from "@/lib/connectors/record-only";
import type { Connector } from "@/lib/connectors/types";
import { sweepDrift } from "@/lib/drift/sweep-drift";
import { approveExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { disableUser } from "@/lib/admin/disable-user";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { deliverNotifications } from "@/lib/notifications/deliver-notifications";
import { countMyUnread, listMyNotifications } from "@/lib/notifications/list-my-notifications";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { getNotificationPreferences, saveNotificationPreferences } from "@/lib/notifications/preferences";
import { remindOverdueBreakGlassReviews } from "@/lib/notifications/remind-break-glass-reviews";
import { warnExpiringGrants } from "@/lib/notifications/warn-expiring-grants";
import { confirmPolicyChange, rejectPolicyChange } from "@/lib/policy/review-policy";
import { savePolicy } from "@/lib/policy/save-policy";
import { deleteResource } from "@/lib/resources/delete-resource";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { timeOutPendingRequests } from "@/lib/requests/time-out-requests";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { switchableConnector } from "../failing-connector";
import { expectServiceError, grantFor } from "../helpers";
import { deliveriesOf, eventsIn, inboxOf } from "../notify-helpers";
import { policyEdit } from "../policy-helpers";
import { startSmtpCapture, type SmtpCapture } from "../smtp-capture";

const BASE = "https://lapse.example.test";
let smtp: SmtpCapture;
const saved = { ...process.env };

beforeAll(async () => {
  smtp = await startSmtpCapture();
  process.env.LAPSE_SMTP_HOST = "127.0.0.1";
  process.env.LAPSE_SMTP_PORT = String(smtp.port);
  process.env.LAPSE_SMTP_FROM = "Lapse <lapse@example.test>";
  process.env.NEXTAUTH_URL = BASE;
});
afterAll(async () => {
  process.env = saved;
  await smtp.close();
});

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

describe.each(ENGINES)("notifications on %s", (engine) => {
  const handle = useTestDb(engine);

  it("emails the approvers who may decide a new request, with a link straight to it, and never its requester", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    // Both a requester and an approver of this resource: never asked to approve their own request.
    const both = await makeUser(db, { roles: ["requester", "approver"], teamIds: [s.teams.devops.id, s.teams.iam.id] });
    const outsider = await makeUser(db, { roles: ["approver"] });
    const deps = testDeps(db);
    const request = await createRequest(both, requestTerms(s.resource.id, { durationMinutes: 20, ticket: "CHG-9" }), deps);

    // Committed with the request, before anything is sent.
    expect(await eventsIn(db, s.approver.id)).toEqual(["request.awaiting_decision"]);
    expect(await eventsIn(db, s.approver2.id)).toEqual(["request.awaiting_decision"]);
    expect(await eventsIn(db, both.id)).toEqual([]);
    expect(await eventsIn(db, outsider.id)).toEqual([]);
    expect(mailsTo(s.approver.email)).toHaveLength(0);

    await deliverNotifications(deps);
    const [mail] = mailsTo(s.approver.email);
    expect(mail.subject).toBe(`Decision needed: ${both.email} asks for read on ${s.resource.name}`);
    expect(mail.text).toContain(`${BASE}/approvals#request-${request.id}`);
    expect(mail.text).toContain("Content-Type: text/html");
    expect(mail.text).toContain("Content-Type: text/plain");
    expect(mail.text).toContain("20 min (ticket CHG-9)");
    expect(mailsTo(s.approver2.email)).toHaveLength(1);
    expect(mailsTo(both.email)).toHaveLength(0);
  });

  it("tells the requester the decision and the other approvers that it is already decided", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 5 } });
    const deps = testDeps(db);
    const approved = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    deps.clock.advance(1000);
    await approveRequest(s.approver, { requestId: approved.id, comment: "ok for the incident" }, deps);

    expect(await eventsIn(db, s.requester.id)).toEqual(["request.decided", "grant.issued"]);
    expect(await eventsIn(db, s.approver2.id)).toEqual(["request.awaiting_decision", "request.decided_elsewhere"]);
    // The decider is not told what they just did.
    expect(await eventsIn(db, s.approver.id)).toEqual(["request.awaiting_decision"]);
    // And nobody's "decision needed" about it stays unread: it is settled.
    for (const approver of [s.approver, s.approver2]) {
      const stale = (await inboxOf(db, approver.id)).filter((n) => n.event === "request.awaiting_decision");
      expect(stale.map((n) => n.readAt)).toEqual([deps.clock()]);
    }
    const [elsewhere] = (await inboxOf(db, s.approver2.id)).filter((n) => n.event === "request.decided_elsewhere");
    expect(elsewhere.title).toBe(`Already decided by ${s.approver.email}: ${s.requester.email}'s request for read on ${s.resource.name}`);
    const decided = (await inboxOf(db, s.requester.id))[0];
    expect(decided.title).toBe(`Your request was approved: read on ${s.resource.name}`);
    expect(decided.body).toContain("ok for the incident");

    const denied = await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);
    deps.clock.advance(1000);
    await denyRequest(s.approver2, { requestId: denied.id, comment: "not needed" }, deps);
    expect((await inboxOf(db, s.requester.id)).at(-1)).toMatchObject({ event: "request.decided", title: `Your request was denied: admin on ${s.resource.name}` });
    expect((await inboxOf(db, s.approver.id)).at(-1)).toMatchObject({ event: "request.decided_elsewhere", title: expect.stringContaining(`Already decided by ${s.approver2.email}`) });

    // Withdrawn and timed-out requests: the approvers hear it too, so no stale "approve this" remains.
    const cancelled = await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);
    deps.clock.advance(1000);
    await cancelRequest(s.requester, { requestId: cancelled.id }, deps);
    expect((await inboxOf(db, s.approver.id)).at(-1)?.title).toBe(`Withdrawn: ${s.requester.email}'s request for admin on ${s.resource.name}`);
    const late = await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);
    deps.clock.advance(25 * 60 * MINUTE_MS);
    await timeOutPendingRequests(deps);
    expect((await inboxOf(db, s.requester.id)).at(-1)).toMatchObject({ event: "request.decided", title: `Your request was timed out: admin on ${s.resource.name}` });
    expect((await deliveriesOf(db, { userIds: [s.requester.id] })).filter((d) => d.event === "request.decided")).toHaveLength(3);
    expect(late.id).toBeTruthy();
  });

  it("warns the holder before access ends, once, with a one-click extension link when policy allows it, then says it ended", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { extensionsAllowed: true, maxTotalMinutes: 120 } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    expect((await inboxOf(db, s.requester.id)).at(-1)).toMatchObject({ event: "grant.issued", link: `/requests#grant-${grant.id}` });

    deps.clock.advance(19 * MINUTE_MS); // 11 minutes left: not yet
    expect(await warnExpiringGrants(deps)).toBe(0);
    deps.clock.advance(2 * MINUTE_MS); // 9 minutes left
    expect(await warnExpiringGrants(deps)).toBe(1);
    expect(await warnExpiringGrants(deps)).toBe(0);
    const warning = (await inboxOf(db, s.requester.id)).at(-1)!;
    expect(warning).toMatchObject({ event: "grant.expiring", actionLink: `/requests?extend=${grant.id}#grant-${grant.id}` });
    expect(warning.title).toBe(`Access ends in 9 min: read on ${s.resource.name}`);
    await deliverNotifications(deps);
    expect(mailsTo(s.requester.email).at(-1)?.text).toContain(`Ask for more time: ${BASE}/requests?extend=${grant.id}#grant-${grant.id}`);

    deps.clock.advance(10 * MINUTE_MS);
    await expireDueGrants(deps);
    expect((await inboxOf(db, s.requester.id)).at(-1)).toMatchObject({ event: "grant.ended", title: `Access expired: read on ${s.resource.name}` });

    // The lead time is a policy term; a save that leaves it out keeps it.
    const [v1] = await db.select().from(policies).where(eq(policies.resourceId, s.resource.id));
    const { expiryWarningMinutes: _omitted, ...withoutLeadTime } = policyEdit(s, v1, {});
    const tightened = await savePolicy(s.owner, { ...withoutLeadTime, maxDurationMinutes: 50 }, deps);
    expect(tightened.policy).toMatchObject({ status: "active", expiryWarningMinutes: 10 });
    expect(_omitted).toBe(10);

    // A policy lead time of 20 minutes, and no extensions: warned earlier, and no link.
    const t = await makeScenario(db, { policy: { expiryWarningMinutes: 20 } });
    const other = await createRequest(t.requester, requestTerms(t.resource.id, { durationMinutes: 30 }), deps);
    await approveRequest(t.approver, { requestId: other.id }, deps);
    deps.clock.advance(11 * MINUTE_MS);
    expect(await warnExpiringGrants(deps)).toBe(1);
    expect((await inboxOf(db, t.requester.id)).at(-1)).toMatchObject({ event: "grant.expiring", actionLink: null });
  });

  it("tells the owner team about overdue revocation, break-glass reviews and loosened policies, each once", async () => {
    const { db } = handle();
    const switchable = switchableConnector();
    const s = await makeScenario(db, { connectorKind: "switchable" });
    const owner2 = await makeUser(db, { roles: ["owner"], teamIds: [s.teams.owners.id] });
    const deps = testDeps(db, { connectors: new Map([["switchable", switchable.connector]]) });

    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    switchable.state.revokeFails = true;
    deps.clock.advance(6 * MINUTE_MS);
    await expireDueGrants(deps);
    deps.clock.advance(10 * MINUTE_MS);
    await expireDueGrants(deps);
    expect(await eventsIn(db, s.owner.id)).toEqual(["grant.revocation_overdue"]);
    expect((await inboxOf(db, s.owner.id))[0].body).not.toContain("target unreachable"); // connector internals stay out
    expect(await eventsIn(db, s.requester.id)).not.toContain("grant.ended"); // not ended until the target confirms
    switchable.state.revokeFails = false;

    await db.update(policies).set({ breakGlassTeamIds: [s.teams.devops.id], breakGlassReviewMinutes: 60 }).where(eq(policies.id, s.policy.id));
    await createRequest(s.requester, requestTerms(s.resource.id, { breakGlass: true, justification: "Payments down" }), deps);
    expect((await eventsIn(db, owner2.id)).filter((e) => e.startsWith("break_glass"))).toEqual(["break_glass.review_due"]);
    deps.clock.advance(61 * MINUTE_MS);
    expect(await remindOverdueBreakGlassReviews(deps)).toBe(1);
    expect(await remindOverdueBreakGlassReviews(deps)).toBe(0);
    expect((await eventsIn(db, s.owner.id)).filter((e) => e.startsWith("break_glass"))).toEqual(["break_glass.review_due", "break_glass.review_overdue"]);
    expect(await eventsIn(db, s.requester.id)).not.toContain("break_glass.review_due");

    // A loosening waits for a second owner: the others are told, the author is not.
    const [current] = await db.select().from(policies).where(eq(policies.resourceId, s.resource.id));
    const loosening = await savePolicy(s.owner, policyEdit(s, current, { maxDurationMinutes: 240 }), deps);
    expect((await inboxOf(db, owner2.id)).at(-1)).toMatchObject({ event: "policy.awaiting_confirmation", link: `/owner/resources/${s.resource.slug}/policy` });
    expect(await eventsIn(db, s.owner.id)).not.toContain("policy.awaiting_confirmation");

    // The author hears what the second owner decided, and from whom; withdrawing one's own change tells nobody.
    deps.clock.advance(MINUTE_MS);
    await confirmPolicyChange(owner2, { policyId: loosening.policy.id }, deps);
    expect((await inboxOf(db, s.owner.id)).at(-1)).toMatchObject({
      event: "policy.reviewed",
      title: `Your policy change on ${s.resource.name} was confirmed`,
      body: expect.stringContaining(`${owner2.email} confirmed version ${loosening.policy.version}`),
      link: `/owner/resources/${s.resource.slug}/policy`,
    });
    expect(await eventsIn(db, owner2.id)).not.toContain("policy.reviewed");
    const activePolicy = async () => (await db.select().from(policies).where(and(eq(policies.resourceId, s.resource.id), eq(policies.status, "active"))).orderBy(desc(policies.version)))[0];
    const rejected = await savePolicy(s.owner, policyEdit(s, await activePolicy(), { maxDurationMinutes: 300 }), deps);
    deps.clock.advance(MINUTE_MS);
    await rejectPolicyChange(owner2, { policyId: rejected.policy.id }, deps);
    expect((await inboxOf(db, s.owner.id)).at(-1)).toMatchObject({ event: "policy.reviewed", title: `Your policy change on ${s.resource.name} was rejected` });
    const overtaken = await savePolicy(s.owner, policyEdit(s, await activePolicy(), { maxDurationMinutes: 330 }), deps);
    deps.clock.advance(MINUTE_MS);
    const withdrawn = await savePolicy(s.owner, policyEdit(s, await activePolicy(), { maxDurationMinutes: 360 }), deps);
    // The second owner's "waits for you" entries are settled with the change: confirmed, rejected
    // and overtaken ones read, the one still waiting unread.
    const waitingFor2 = async () => (await inboxOf(db, owner2.id)).filter((n) => n.event === "policy.awaiting_confirmation");
    expect((await waitingFor2()).map((n) => n.readAt === null)).toEqual([false, false, false, true]);
    expect(overtaken.policy.id).not.toBe(withdrawn.policy.id);
    deps.clock.advance(MINUTE_MS);
    await rejectPolicyChange(s.owner, { policyId: withdrawn.policy.id }, deps);
    expect((await waitingFor2()).every((n) => n.readAt !== null)).toBe(true);
    expect((await eventsIn(db, s.owner.id)).filter((e) => e === "policy.reviewed")).toHaveLength(2);

    // Messages about an unused resource do not keep an admin from deleting it.
    const unused = await makeScenario(db);
    const unusedOwner2 = await makeUser(db, { roles: ["owner"], teamIds: [unused.teams.owners.id] });
    const [v1] = await db.select().from(policies).where(eq(policies.resourceId, unused.resource.id));
    await savePolicy(unused.owner, policyEdit(unused, v1, { maxDurationMinutes: 240 }), deps);
    expect(await eventsIn(db, unusedOwner2.id)).toEqual(["policy.awaiting_confirmation"]);
    await deleteResource(await makeUser(db, { roles: ["admin"] }), { resourceId: unused.resource.id }, deps);
  });

  it("asks the approvers about an extension (never its holder) and tells the holder the decision", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { extensionsAllowed: true, maxTotalMinutes: 120 } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    deps.clock.advance(MINUTE_MS);
    const { extension } = await requestExtension(s.requester, { grantId: grant.id, minutes: 30, justification: "still debugging" }, deps);
    const asked = (await inboxOf(db, s.approver2.id)).at(-1)!;
    expect(asked).toMatchObject({ event: "request.awaiting_decision", link: `/approvals#extension-${extension.id}` });
    expect(asked.title).toBe(`Decision needed: ${s.requester.email} asks for 30 min more of read on ${s.resource.name}`);
    expect((await eventsIn(db, s.requester.id)).filter((e) => e === "request.awaiting_decision")).toEqual([]);

    deps.clock.advance(MINUTE_MS);
    await approveExtension(s.approver, { extensionId: extension.id }, deps);
    const told = (await inboxOf(db, s.requester.id)).at(-1)!;
    expect(told.title).toBe(`Your extension was approved: 30 min more of read on ${s.resource.name}`);
    expect(told.body).toContain("now ends at 2026-06-01 10:00 UTC");
    expect((await inboxOf(db, s.approver2.id)).at(-1)?.event).toBe("request.decided_elsewhere");
  });

  it("tells the owner team once when the target still shows access Lapse ended (drift)", async () => {
    const { db } = handle();
    const target = { present: false };
    const drifty: Connector = {
      kind: "drifty",
      verifiesTarget: true,
      issue: (grant, ctx) => recordOnlyConnector.issue(grant, ctx),
      revoke: async () => {},
      verify: async (grant) => ({ accessPresent: target.present, subject: `lapse_${grant.id.slice(0, 8)}`, details: { checked: true } }),
    };
    const s = await makeScenario(db, { connectorKind: "drifty" });
    const deps = testDeps(db, { connectors: new Map([["drifty", drifty]]) });
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    deps.clock.advance(6 * MINUTE_MS);
    await expireDueGrants(deps);
    const grant = await grantFor(db, request.id);
    expect(grant.status).toBe("expired");

    target.present = true; // someone re-created the role by hand
    await sweepDrift(deps);
    deps.clock.advance(MINUTE_MS);
    await sweepDrift(deps);
    const told = (await inboxOf(db, s.owner.id)).filter((n) => n.event === "grant.drift_detected");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: `Drift on ${s.resource.name}: lapse_${grant.id.slice(0, 8)}`, link: `/owner/resources/${s.resource.slug}` });
    expect(await eventsIn(db, s.requester.id)).not.toContain("grant.drift_detected");
  });

  it("follows each person's preferences, and lists, counts and marks only their own notifications", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const defaults = await getNotificationPreferences(s.approver, deps);
    expect(defaults["request.awaiting_decision"]).toEqual({ portal: true, email: true });
    const error = await expectServiceError(saveNotificationPreferences(s.approver, { enabled: ["request.awaiting_decision:pager"] }, deps), "invalid");
    expect(error.fieldErrors.enabled).toEqual(["Unknown notification choice."]);
    // Approver: the queue in the portal only; approver2: email only.
    await saveNotificationPreferences(s.approver, { enabled: ["request.awaiting_decision:portal"] }, deps);
    await saveNotificationPreferences(s.approver2, { enabled: ["request.awaiting_decision:email"] }, deps);

    await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(await eventsIn(db, s.approver.id)).toEqual(["request.awaiting_decision"]);
    expect(await eventsIn(db, s.approver2.id)).toEqual([]);
    expect((await deliveriesOf(db, { userIds: [s.approver.id] })).map((d) => d.channel)).toEqual([]);
    expect((await deliveriesOf(db, { userIds: [s.approver2.id] })).map((d) => d.channel)).toEqual(["email"]);

    await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);
    expect(await countMyUnread(s.approver, deps)).toBe(2);
    const [latest] = await listMyNotifications(s.approver, deps);
    expect(await markNotificationsRead(s.approver2, { notificationId: latest.id }, deps)).toBe(0); // not theirs
    expect(await markNotificationsRead(s.approver, { notificationId: latest.id }, deps)).toBe(1);
    expect(await countMyUnread(s.approver, deps)).toBe(1);
    expect(await markNotificationsRead(s.approver, { all: true }, deps)).toBe(1);
    expect(await countMyUnread(s.approver, deps)).toBe(0);
    await expectServiceError(listMyNotifications({ ...s.approver, roles: [] }, deps), "forbidden");
  });

  it("tells a disabled account nothing", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    await db.update(users).set({ disabled: true }).where(eq(users.id, s.approver2.id));
    await approveRequest(s.approver, { requestId: request.id }, deps);
    await db.update(users).set({ disabled: true }).where(eq(users.id, s.requester.id));
    deps.clock.advance(6 * MINUTE_MS);
    await expireDueGrants(deps);
    expect(await eventsIn(db, s.requester.id)).toEqual(["request.decided", "grant.issued"]);
    expect(await eventsIn(db, s.approver2.id)).toEqual(["request.awaiting_decision"]);

    // Offboarding withdraws a pending request: its approvers hear so.
    const t = await makeScenario(db);
    await createRequest(t.requester, requestTerms(t.resource.id), deps);
    deps.clock.advance(1000);
    await disableUser(await makeUser(db, { roles: ["admin"] }), { userId: t.requester.id }, deps);
    expect((await inboxOf(db, t.approver.id)).at(-1)?.title).toBe(`Withdrawn: ${t.requester.email}'s request for read on ${t.resource.name}`);
  });

  it("makes email no channel at all without SMTP settings; the portal list still works", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const host = process.env.LAPSE_SMTP_HOST;
    delete process.env.LAPSE_SMTP_HOST;
    try {
      await createRequest(s.requester, requestTerms(s.resource.id), deps);
    } finally {
      process.env.LAPSE_SMTP_HOST = host;
    }
    expect(await eventsIn(db, s.approver.id)).toEqual(["request.awaiting_decision"]);
    expect(await deliveriesOf(db, { userIds: [s.approver.id, s.approver2.id] })).toEqual([]);
  });
});
