// Admin through the service functions, on every engine: users, roles, teams, and offboarding
// (disabling a user ends their grants and requests at once), with the refusals on the way.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEvents, extensionRequests, memberships, teams, userRoles, users } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { createTeam } from "@/lib/admin/create-team";
import { createUser } from "@/lib/admin/create-user";
import { disableUser } from "@/lib/admin/disable-user";
import { enableUser } from "@/lib/admin/enable-user";
import { getUserDetail } from "@/lib/admin/get-user-detail";
import { getTeam, listTeams } from "@/lib/admin/list-teams";
import { listUsers } from "@/lib/admin/list-users";
import { setUserRoles } from "@/lib/admin/set-user-roles";
import { setUserTeams } from "@/lib/admin/set-user-teams";
import { updateTeam } from "@/lib/admin/update-team";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import type { UserActor } from "@/lib/auth/actor";
import { authenticateWithPassword } from "@/lib/auth/authenticate-user";
import { loadUserActor } from "@/lib/auth/load-actor";
import { hashPassword } from "@/lib/auth/password";
import { defaultConnectors } from "@/lib/connectors/registry";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { retryPendingIssuance } from "@/lib/grants/retry-issuance";
import { requestExtension } from "@/lib/extensions/request-extension";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { listApprovalQueue } from "@/lib/requests/list-approval-queue";
import { ENGINES, useTestDb } from "../db";
import { switchableConnector } from "../failing-connector";
import { makeScenario, makeTeam, makeUser, requestTerms, testDeps } from "../factories";
import { actionsFor, expectServiceError, grantFor, requestById, tableCounts } from "../helpers";

const unique = () => Math.random().toString(36).slice(2, 10);

/** Every table an admin change could touch, to prove a refusal wrote nothing. */
async function everything(db: Db) {
  const [[u], [t], [m], [r]] = await Promise.all([
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(teams),
    db.select({ n: count() }).from(memberships),
    db.select({ n: count() }).from(userRoles),
  ]);
  const disabled = await db.select({ n: count() }).from(users).where(eq(users.disabled, true));
  return { ...(await tableCounts(db)), users: u.n, teams: t.n, memberships: m.n, roles: r.n, disabled: disabled[0].n };
}

async function accountEvents(db: Db, userId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.details}->>'userId' = ${userId}`)
    .orderBy(asc(auditEvents.seq));
}

async function rolesOf(db: Db, userId: string) {
  return (await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.role).sort();
}

async function teamIdsOf(db: Db, userId: string) {
  return (await db.select({ id: memberships.teamId }).from(memberships).where(eq(memberships.userId, userId))).map((r) => r.id).sort();
}

describe.each(ENGINES)("admin on %s", (engine) => {
  const handle = useTestDb(engine);

  it("creates a user with roles and teams (no password), and refuses a second account for the same email in any case", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const [devops, iam] = await Promise.all([makeTeam(db, "devops"), makeTeam(db, "iam")]);
    const email = `New.Person-${unique()}@Example.test`;

    const created = await createUser(admin, { email: `  ${email} `, name: " New Person ", roles: ["requester", "approver", "requester"], teamIds: [devops.id, iam.id] }, deps);
    expect(created).toMatchObject({ email: email.toLowerCase(), name: "New Person", disabled: false, passwordHash: null });
    expect(await rolesOf(db, created.id)).toEqual(["approver", "requester"]);
    expect(await teamIdsOf(db, created.id)).toEqual([devops.id, iam.id].sort());
    const actor = await loadUserActor(db, created.id);
    expect(actor?.roles).toEqual(["approver", "requester"]);

    const [event] = await accountEvents(db, created.id);
    expect(event).toMatchObject({ action: "user.created", actorKind: "user", actorId: admin.id, actorLabel: admin.email });
    expect(event.details).toMatchObject({ email: email.toLowerCase(), roles: ["approver", "requester"], teams: [devops.name, iam.name].sort() });

    const before = await everything(db);
    const duplicate = await expectServiceError(createUser(admin, { email: email.toUpperCase(), name: "Someone else" }, deps), "invalid");
    expect(duplicate.fieldErrors.email).toEqual(["An account with this email already exists."]);
    const bad = await expectServiceError(createUser(admin, { email: "not-an-email", name: "  ", roles: ["root"], teamIds: ["nope"] }, deps), "invalid");
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["email", "name", "roles", "teamIds"]);
    const ghostTeam = await expectServiceError(
      createUser(admin, { email: `ghost-${unique()}@example.test`, name: "Ghost", teamIds: ["00000000-0000-4000-8000-000000000000"] }, deps),
      "invalid",
    );
    expect(ghostTeam.fieldErrors.teamIds).toBeDefined();
    expect(await everything(db)).toEqual(before);
  });

  it("refuses every non-admin role, and an admin disabled or demoted since sign-in, with nothing written", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const target = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const everyOtherRole = await makeUser(db, { roles: ["requester", "approver", "owner", "auditor"], teamIds: [s.teams.owners.id] });
    const staleDisabled = await makeUser(db, { roles: ["admin"] });
    const staleDemoted = await makeUser(db, { roles: ["admin"] });
    await disableUser(admin, { userId: staleDisabled.id }, deps);
    await setUserRoles(admin, { userId: staleDemoted.id, roles: ["auditor"] }, deps);

    const before = await everything(db);
    const attempts = (actor: UserActor) => [
      () => createUser(actor, { email: `x-${unique()}@example.test`, name: "X" }, deps),
      () => setUserRoles(actor, { userId: target.id, roles: ["admin"] }, deps),
      () => setUserTeams(actor, { userId: target.id, teamIds: [] }, deps),
      () => disableUser(actor, { userId: target.id }, deps),
      () => enableUser(actor, { userId: staleDisabled.id }, deps),
      () => createTeam(actor, { name: `T ${unique()}`, slug: `t-${unique()}`, function: "other" }, deps),
      () => updateTeam(actor, { teamId: s.teams.devops.id, name: "Renamed", slug: "renamed", function: "other" }, deps),
    ];
    for (const outsider of [s.requester, s.approver, s.owner, auditor, everyOtherRole, staleDisabled, staleDemoted]) {
      for (const attempt of attempts(outsider)) await expectServiceError(attempt(), "forbidden");
    }
    // Reading is for admins too.
    for (const outsider of [s.requester, s.approver, s.owner, auditor]) {
      await expectServiceError(listUsers(outsider, deps), "forbidden");
      await expectServiceError(listTeams(outsider, deps), "forbidden");
      await expectServiceError(getUserDetail(outsider, target.id, deps), "forbidden");
      await expectServiceError(getTeam(outsider, s.teams.devops.id, deps), "forbidden");
    }
    expect(await everything(db)).toEqual(before);
    expect(await rolesOf(db, target.id)).toEqual(["requester"]);
  });

  it("sets roles and teams with before and after in the audit trail; the change applies at once", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const person = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await expectServiceError(listApprovalQueue(person, deps), "forbidden");

    // Becoming an approver in an approver team lets them decide the resource's requests right away.
    const roles = await setUserRoles(admin, { userId: person.id, roles: ["requester", "approver"] }, deps);
    expect(roles).toMatchObject({ before: ["requester"], after: ["approver", "requester"], changed: true });
    const teamsChange = await setUserTeams(admin, { userId: person.id, teamIds: [s.teams.iam.id] }, deps);
    expect(teamsChange).toMatchObject({ before: [s.teams.devops.id], after: [s.teams.iam.id], changed: true });
    const fresh = (await loadUserActor(db, person.id))!;
    expect(fresh).toMatchObject({ roles: ["approver", "requester"], teamIds: [s.teams.iam.id] });
    expect((await listApprovalQueue(fresh, deps)).map((item) => item.id)).toContain(request.id);

    const events = await accountEvents(db, person.id);
    expect(events.map((e) => e.action)).toEqual(["user.roles_changed", "user.teams_changed"]);
    expect(events[0].details).toMatchObject({ before: { roles: ["requester"] }, after: { roles: ["approver", "requester"] }, added: ["approver"], removed: [] });
    expect(events[1].details).toMatchObject({
      before: { teams: [s.teams.devops.name] },
      after: { teams: [s.teams.iam.name] },
      added: [s.teams.iam.name],
      removed: [s.teams.devops.name],
    });

    // Adding a team while keeping one names each team once.
    await setUserTeams(admin, { userId: person.id, teamIds: [s.teams.iam.id, s.teams.pam.id] }, deps);
    const [, , both] = await accountEvents(db, person.id);
    expect(both.details).toMatchObject({
      before: { teams: [s.teams.iam.name] },
      after: { teams: [s.teams.iam.name, s.teams.pam.name].sort() },
      added: [s.teams.pam.name],
      removed: [],
    });
    await setUserTeams(admin, { userId: person.id, teamIds: [s.teams.iam.id] }, deps);

    // Saving the same sets again changes nothing and writes nothing.
    const before = await everything(db);
    expect((await setUserRoles(admin, { userId: person.id, roles: ["approver", "requester"] }, deps)).changed).toBe(false);
    expect((await setUserTeams(admin, { userId: person.id, teamIds: [s.teams.iam.id] }, deps)).changed).toBe(false);
    expect(await everything(db)).toEqual(before);

    // Taking every role away leaves an account that can do nothing, not an error.
    await setUserRoles(admin, { userId: person.id, roles: [] }, deps);
    expect((await loadUserActor(db, person.id))?.roles).toEqual([]);

    const unknownUser = "00000000-0000-4000-8000-000000000000";
    await expectServiceError(setUserRoles(admin, { userId: unknownUser, roles: ["requester"] }, deps), "not_found");
    await expectServiceError(setUserTeams(admin, { userId: unknownUser, teamIds: [] }, deps), "not_found");
    await expectServiceError(disableUser(admin, { userId: unknownUser }, deps), "not_found");
    await expectServiceError(enableUser(admin, { userId: unknownUser }, deps), "not_found");
    expect(await getUserDetail(admin, unknownUser, deps)).toBeNull();
    expect(await getUserDetail(admin, "not-a-uuid", deps)).toBeNull();
  });

  it("disabling a user ends their grants and requests: access stops at once, the sweep revokes, nothing else is touched", async () => {
    const { db } = handle();
    const target = switchableConnector(`switchable-${unique()}`);
    const deps = testDeps(db, { connectors: new Map([...defaultConnectors, [target.connector.kind, target.connector]]) });
    const s = await makeScenario(db, { connectorKind: target.connector.kind, policy: { maxLiveGrants: 5 } });
    const admin = await makeUser(db, { roles: ["admin"] });
    const colleague = await makeUser(db, { roles: ["requester"], teamIds: [s.teams.devops.id] });

    // Live: one active grant, one still issuing (its target is down), one pending request.
    const active = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30 }), deps);
    await approveRequest(s.approver, { requestId: active.id }, deps);
    target.state.issueFails = true;
    const issuing = await createRequest(s.requester, requestTerms(s.resource.id, { accessLevel: "admin" }), deps);
    await approveRequest(s.approver, { requestId: issuing.id }, deps);
    target.state.issueFails = false;
    const pending = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    // Already over: a grant past its time (expires on schedule, not counted as live).
    const short = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 1 }), deps);
    await approveRequest(s.approver, { requestId: short.id }, deps);
    // Someone else's grant on the same resource.
    const theirs = await createRequest(colleague, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: theirs.id }, deps);
    deps.clock.advance(2 * MINUTE_MS);

    expect((await grantFor(db, active.id)).status).toBe("active");
    expect((await grantFor(db, issuing.id)).status).toBe("issuing");
    const read = { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" };
    expect((await checkAccess(db, read, deps.clock())).allowed).toBe(true);
    const preview = (await getUserDetail(admin, s.requester.id, deps))!;
    expect({ live: preview.liveGrantCount, pending: preview.pendingRequests.length }).toEqual({ live: 2, pending: 1 });

    // The connector is down while we disable: correctness must not depend on revoking at once.
    target.state.revokeFails = true;
    const disabledAt = deps.clock();
    const result = await disableUser(admin, { userId: s.requester.id }, deps);
    expect(result).toMatchObject({ userId: s.requester.id, grantsEnded: 2, requestsEnded: 1 });

    const [row] = await db.select().from(users).where(eq(users.id, s.requester.id));
    expect(row.disabled).toBe(true);
    expect((await requestById(db, pending.id)).status).toBe("cancelled");
    for (const requestId of [active.id, issuing.id]) {
      const grant = await grantFor(db, requestId);
      expect(grant).toMatchObject({ revokeRequestedAt: disabledAt, revokeReason: "user disabled", revokeRequestedBy: `user:${admin.email}` });
      expect(["active", "issuing"]).toContain(grant.status); // revocation not yet confirmed: overdue
    }
    expect((await grantFor(db, short.id)).revokeRequestedAt).toBeNull();
    // Access ends now, whatever the ledger still says.
    expect((await checkAccess(db, read, deps.clock())).allowed).toBe(false);
    expect((await checkAccess(db, { ...read, accessLevel: "admin" }, deps.clock())).allowed).toBe(false);
    // The colleague keeps theirs.
    expect((await checkAccess(db, { ...read, principalUserId: colleague.id }, deps.clock())).allowed).toBe(true);

    const [disabledEvent] = (await accountEvents(db, s.requester.id)).filter((e) => e.action === "user.disabled");
    expect(disabledEvent.details).toMatchObject({ before: { disabled: false }, after: { disabled: true }, grantsEnded: 2, requestsEnded: 1 });
    expect(await actionsFor(db, pending.id)).toEqual(["request.created", "request.withdrawn"]);
    const withdrawn = (await db.select().from(auditEvents).where(and(eq(auditEvents.requestId, pending.id), eq(auditEvents.action, "request.withdrawn"))))[0];
    expect(withdrawn.details).toMatchObject({ reason: "user disabled", from: "pending", to: "cancelled" });
    expect(await actionsFor(db, active.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.revoke_requested", "grant.revoke_failed"]);

    // The issuing grant is never issued now, even once its target is back.
    expect(await retryPendingIssuance(deps)).toEqual({ issued: 0, failed: 0 });

    // Target back: the next sweep revokes both, with the reason on the evidence.
    target.state.revokeFails = false;
    deps.clock.advance(MINUTE_MS);
    const sweep = await expireDueGrants(deps);
    expect(sweep.revoked).toBe(2);
    for (const requestId of [active.id, issuing.id]) {
      const grant = await grantFor(db, requestId);
      expect(grant.status).toBe("revoked");
      const [revoked] = await db.select().from(auditEvents).where(and(eq(auditEvents.grantId, grant.id), eq(auditEvents.action, "grant.revoked")));
      expect(revoked.details).toMatchObject({ reason: "user disabled", requestedBy: `user:${admin.email}`, revokeRequestedAt: disabledAt.toISOString() });
    }
    expect((await grantFor(db, short.id)).status).toBe("expired");
    expect((await grantFor(db, theirs.id)).status).toBe("active");
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // Disabling twice is a conflict; re-enabling does not bring anything back.
    await expectServiceError(disableUser(admin, { userId: s.requester.id }, deps), "conflict");
    await enableUser(admin, { userId: s.requester.id }, deps);
    await expectServiceError(enableUser(admin, { userId: s.requester.id }, deps), "conflict");
    expect((await checkAccess(db, read, deps.clock())).allowed).toBe(false);
    expect((await requestById(db, pending.id)).status).toBe("cancelled");
    // The whole offboarding trail names the user: the disable, what it ended, the re-enable.
    expect((await accountEvents(db, s.requester.id)).map((e) => e.action)).toEqual([
      "user.disabled",
      "request.withdrawn",
      "grant.revoke_requested",
      "grant.revoke_requested",
      "user.enabled",
    ]);
  });

  it("revokes through the connector straight after disabling when the target answers", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);

    const result = await disableUser(admin, { userId: s.requester.id }, deps);
    expect(result).toMatchObject({ grantsEnded: 1, requestsEnded: 0, sweep: { revoked: 1, failed: 0 } });
    expect((await grantFor(db, request.id)).status).toBe("revoked");
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.revoke_requested", "grant.revoked"]);
  });

  it("a disabled user can neither sign in, request nor approve", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const password = "correct horse battery";
    const both = await makeUser(db, {
      roles: ["requester", "approver"],
      teamIds: [s.teams.devops.id, s.teams.iam.id],
      passwordHash: await hashPassword(password),
    });
    const othersRequest = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(await authenticateWithPassword(db, both.email.toUpperCase(), password)).toEqual({ id: both.id, email: both.email });

    await disableUser(admin, { userId: both.id }, deps);

    expect(await authenticateWithPassword(db, both.email, password)).toBeNull();
    expect(await loadUserActor(db, both.id)).toBeNull();
    // A session opened before the disable still carries the old actor: the services refuse it.
    const before = await tableCounts(db);
    await expectServiceError(createRequest(both, requestTerms(s.resource.id), deps), "forbidden");
    await expectServiceError(approveRequest(both, { requestId: othersRequest.id }, deps), "forbidden");
    expect(await tableCounts(db)).toEqual(before);
    expect((await requestById(db, othersRequest.id)).status).toBe("pending");
    expect(await listApprovalQueue(both, deps)).toEqual([]);

    // Enabled again, they may sign in and act again.
    await enableUser(admin, { userId: both.id }, deps);
    expect(await authenticateWithPassword(db, both.email, password)).toEqual({ id: both.id, email: both.email });
    expect((await approveRequest(both, { requestId: othersRequest.id }, deps)).outcome).toBe("approved");
  });

  it("offboarding an approver takes back their approval of a dual request still waiting; offboarding a holder voids the extension they wait for", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { policy: { approvalRule: "dual", extensionsAllowed: true, maxTotalMinutes: 120 } });
    const admin = await makeUser(db, { roles: ["admin"] });
    const third = await makeUser(db, { roles: ["approver"], teamIds: [s.teams.iam.id] });

    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect((await approveRequest(s.approver, { requestId: request.id }, deps)).outcome).toBe("awaiting-more");
    await disableUser(admin, { userId: s.approver.id }, deps);
    // The departed approver's approval no longer counts: one more approval is not enough.
    expect(await approveRequest(s.approver2, { requestId: request.id }, deps)).toMatchObject({ outcome: "awaiting-more", approvals: 1, required: 2 });
    expect((await approveRequest(third, { requestId: request.id }, deps)).outcome).toBe("approved");

    const grant = await grantFor(db, request.id);
    const { extension } = await requestExtension(s.requester, { grantId: grant.id, minutes: 30, justification: "a bit longer" }, deps);
    await disableUser(admin, { userId: s.requester.id }, deps);
    const [voided] = await db.select().from(extensionRequests).where(eq(extensionRequests.id, extension.id));
    expect(voided.status).toBe("void");
    expect((await actionsFor(db, request.id)).filter((a) => a.startsWith("extension."))).toEqual(["extension.requested", "extension.void"]);
  });

  it("an admin can neither disable themselves nor remove their own admin role", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const admin = await makeUser(db, { roles: ["admin", "auditor"] });
    const before = await everything(db);

    await expectServiceError(disableUser(admin, { userId: admin.id }, deps), "forbidden");
    const demote = await expectServiceError(setUserRoles(admin, { userId: admin.id, roles: ["auditor"] }, deps), "invalid");
    expect(demote.fieldErrors.roles?.[0]).toMatch(/your own admin role/);
    expect(await everything(db)).toEqual(before);

    // Changing their other roles is fine; another admin may demote or disable them.
    expect((await setUserRoles(admin, { userId: admin.id, roles: ["admin"] }, deps)).after).toEqual(["admin"]);
    const other = await makeUser(db, { roles: ["admin"] });
    await setUserRoles(other, { userId: admin.id, roles: ["requester"] }, deps);
    await disableUser(other, { userId: admin.id }, deps);
    expect(await loadUserActor(db, admin.id)).toBeNull();
  });

  it("creates and edits teams, with field errors for a taken slug or name", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const id = unique();

    const team = await createTeam(admin, { name: ` Platform ${id} `, slug: `Platform-${id}`, function: "sre" }, deps);
    expect(team).toMatchObject({ name: `Platform ${id}`, slug: `platform-${id}`, function: "sre" });
    const [created] = await db.select().from(auditEvents).where(sql`${auditEvents.details}->>'teamId' = ${team.id}`);
    expect(created).toMatchObject({ action: "team.created", actorId: admin.id });
    expect(created.details).toMatchObject({ name: team.name, slug: team.slug, function: "sre" });

    const before = await everything(db);
    const taken = await expectServiceError(createTeam(admin, { name: `Other ${id}`, slug: team.slug, function: "other" }, deps), "invalid");
    expect(taken.fieldErrors.slug).toEqual(["Another team already uses this slug."]);
    const sameName = await expectServiceError(createTeam(admin, { name: team.name.toUpperCase(), slug: `other-${id}`, function: "other" }, deps), "invalid");
    expect(sameName.fieldErrors.name).toEqual(["Another team already has this name."]);
    const bad = await expectServiceError(createTeam(admin, { name: "", slug: "Not a slug!", function: "marketing" }, deps), "invalid");
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["function", "name", "slug"]);
    expect(await everything(db)).toEqual(before);

    const updated = await updateTeam(admin, { teamId: team.id, name: `Platform ${id}`, slug: `platform-${id}`, function: "devops" }, deps);
    expect(updated).toMatchObject({ changed: true, team: { function: "devops" } });
    const [event] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "team.updated"), sql`${auditEvents.details}->>'teamId' = ${team.id}`));
    expect(event.details).toEqual({ teamId: team.id, before: { function: "sre" }, after: { function: "devops" } });
    expect((await updateTeam(admin, { teamId: team.id, name: `Platform ${id}`, slug: `platform-${id}`, function: "devops" }, deps)).changed).toBe(false);

    // Another team's slug: a field error, and the transaction that hit the unique index wrote nothing.
    const other = await makeTeam(db, "other");
    const afterUpdate = await everything(db);
    const clash = await expectServiceError(updateTeam(admin, { teamId: team.id, name: `Platform ${id}`, slug: other.slug, function: "pam" }, deps), "invalid");
    expect(clash.fieldErrors.slug).toEqual(["Another team already uses this slug."]);
    expect(await everything(db)).toEqual(afterUpdate);
    expect((await getTeam(admin, team.id, deps))?.function).toBe("devops");

    await expectServiceError(updateTeam(admin, { teamId: "00000000-0000-4000-8000-000000000000", name: "X", slug: "x-x", function: "other" }, deps), "not_found");
    expect(await getTeam(admin, "nope", deps)).toBeNull();
    expect((await listTeams(admin, deps)).find((t) => t.id === team.id)).toMatchObject({ memberCount: 0, ownedResourceCount: 0 });
  });
});
