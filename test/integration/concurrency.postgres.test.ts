// Races that only a real PostgreSQL server can run: PGlite executes one transaction at a
// time, so these suites run only when TEST_DATABASE_URL is set (CI always sets it).
import { and, count, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvals, auditEvents, extensionApprovals, grants } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { approveExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { defaultConnectors } from "@/lib/connectors/registry";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { freezeResource } from "@/lib/resources/freeze-resource";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { openPostgresTestDb, TEST_DATABASE_URL, useTestDb } from "../db";
import { switchableConnector } from "../failing-connector";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";
import { extensionById, grantById, liveGrantScenario, requestRevoke } from "../extension-helpers";

describe.runIf(TEST_DATABASE_URL)("concurrency on postgresql", () => {
  const handle = useTestDb("postgresql", () => openPostgresTestDb({ max: 24 }));

  it("20 concurrent approvals of one request give one decision, one grant and one approval event", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const approvers = await Promise.all(
      Array.from({ length: 20 }, () => makeUser(db, { roles: ["approver"], teamIds: [s.teams.iam.id] })),
    );

    const outcomes = await Promise.allSettled(approvers.map((a) => approveRequest(a, { requestId: request.id }, deps)));
    const approved = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(approved).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(r.reason).toMatchObject({ code: "conflict" });

    const [decisions] = await db.select({ n: count() }).from(approvals).where(eq(approvals.requestId, request.id));
    const [grantRows] = await db.select({ n: count() }).from(grants).where(eq(grants.requestId, request.id));
    const [approvedEvents] = await db
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.requestId, request.id), eq(auditEvents.action, "request.approved")));
    expect({ decisions: decisions.n, grants: grantRows.n, approvedEvents: approvedEvents.n }).toEqual({
      decisions: 1,
      grants: 1,
      approvedEvents: 1,
    });
    expect((await grantFor(db, request.id)).status).toBe("active");
  });

  it("20 concurrent approvals of one dual request record exactly two approvals and one grant", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "dual" } });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const approvers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => makeUser(db, { roles: ["approver"], teamIds: [i % 2 ? s.teams.iam.id : s.teams.pam.id] })),
    );

    const outcomes = await Promise.allSettled(approvers.map((a) => approveRequest(a, { requestId: request.id }, deps)));
    const fulfilled = outcomes.filter((o): o is PromiseFulfilledResult<Awaited<ReturnType<typeof approveRequest>>> => o.status === "fulfilled");
    expect(fulfilled.map((o) => o.value.outcome).sort()).toEqual(["approved", "awaiting-more"]);
    for (const r of outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[]) expect(r.reason).toMatchObject({ code: "conflict" });

    const recorded = await db.select().from(approvals).where(eq(approvals.requestId, request.id));
    expect(recorded).toHaveLength(2);
    expect(new Set(recorded.map((a) => a.approverUserId)).size).toBe(2);
    const [grantRows] = await db.select({ n: count() }).from(grants).where(eq(grants.requestId, request.id));
    expect(grantRows.n).toBe(1);
  });

  it("a freeze racing 20 approvals leaves no live grant on the frozen resource: each approval is refused or its grant revoked", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 50 } });
    const deps = testDeps(db);
    const requests = [];
    for (let i = 0; i < 20; i++) requests.push(await createRequest(s.requester, requestTerms(s.resource.id), deps));

    const outcomes = await Promise.allSettled([
      ...requests.map((r) => approveRequest(s.approver, { requestId: r.id }, deps)),
      freezeResource(s.owner, { resourceSlug: s.resource.slug, reason: "incident: credentials leaked" }, deps),
    ]);
    expect(outcomes.at(-1)!.status).toBe("fulfilled");
    for (const o of outcomes.slice(0, -1)) if (o.status === "rejected") expect(o.reason).toMatchObject({ code: "conflict" });

    const rows = await db.select().from(grants).where(eq(grants.resourceId, s.resource.id));
    const approved = outcomes.slice(0, -1).filter((o) => o.status === "fulfilled").length;
    expect(rows).toHaveLength(approved);
    expect(rows.filter((g) => isGrantLive(g, deps.clock()))).toEqual([]);
    expect(rows.every((g) => g.revokeRequestedAt !== null)).toBe(true);
    expect((await checkAccess(db, { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" }, deps.clock())).allowed).toBe(false);
  });

  it("keeps the audit chain gapless and unforked under 50 concurrent writers of different kinds", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 50 } });
    const deps = testDeps(db);
    const [{ n: before }] = await db.select({ n: count() }).from(auditEvents);
    const waiting = await Promise.all(Array.from({ length: 10 }, () => createRequest(s.requester, requestTerms(s.resource.id), deps)));
    // 50 at once: new requests, approvals (three events each: approval, grant issued) and cancellations.
    await Promise.all([
      ...Array.from({ length: 30 }, () => createRequest(s.requester, requestTerms(s.resource.id), deps)),
      ...waiting.slice(0, 5).map((r) => approveRequest(s.approver, { requestId: r.id }, deps)),
      ...waiting.slice(5).map((r) => cancelRequest(s.requester, { requestId: r.id }, deps)),
      ...Array.from({ length: 10 }, () => createRequest(s.requester, requestTerms(s.resource.id, { justification: "burst" }), deps)),
    ]);
    const verdict = await verifyAuditChain(db);
    const [events] = await db.select({ n: count() }).from(auditEvents);
    expect(verdict).toMatchObject({ ok: true, count: events.n });
    // 10 + 30 + 10 creations, 5 approvals with their issuance, 5 cancellations.
    expect(events.n - before).toBe(50 + 5 * 2 + 5);
  });

  it("revokes each due grant exactly once when several sweeps run at the same time", async () => {
    const { db } = handle();
    const target = switchableConnector();
    const deps = testDeps(db, { connectors: new Map([...defaultConnectors, [target.connector.kind, target.connector]]) });
    const s = await makeScenario(db, { connectorKind: target.connector.kind, policy: { approvalRule: "auto", maxLiveGrants: 60 } });
    const requests = await Promise.all(
      Array.from({ length: 60 }, () => createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 1 }), deps)),
    );
    deps.clock.advance(2 * MINUTE_MS);

    const sweeps = await Promise.all([0, 1, 2, 3].map(() => expireDueGrants(deps, { batchSize: 7, concurrency: 3 })));
    expect(sweeps.reduce((sum, r) => sum + r.expired, 0)).toBe(60);
    expect(sweeps.reduce((sum, r) => sum + r.failed, 0)).toBe(0);
    expect(new Set(target.state.revoked).size).toBe(60);
    expect(target.state.revoked).toHaveLength(60);

    const grantIds = (await Promise.all(requests.map((r) => grantFor(db, r.id)))).map((g) => g.id);
    const perGrant = await db
      .select({ grantId: auditEvents.grantId, n: count() })
      .from(auditEvents)
      .where(and(inArray(auditEvents.grantId, grantIds), eq(auditEvents.action, "grant.expired")))
      .groupBy(auditEvents.grantId);
    expect(perGrant).toHaveLength(60);
    expect(perGrant.every((row) => row.n === 1)).toBe(true);
  });

  it("holds the live-grant limit when 12 auto-approved requests from one person arrive at once", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db, { policy: { approvalRule: "auto", maxLiveGrants: 2 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => createRequest(s.requester, requestTerms(s.resource.id), deps)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(2);
    const [{ n }] = await db.select({ n: count() }).from(grants).where(eq(grants.resourceId, s.resource.id));
    expect(n).toBe(2);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe.runIf(TEST_DATABASE_URL)("extension races on postgresql", () => {
  const handle = useTestDb("postgresql", () => openPostgresTestDb({ max: 24 }));
  const countEvents = async (db: Db, grantId: string, action: string) =>
    (await db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.grantId, grantId), eq(auditEvents.action, action))))[0].n;

  it("20 concurrent approvals of one dual extension record exactly two approvals and move the expiry once", async () => {
    const { db } = handle();
    const s = await liveGrantScenario(db, { policy: { approvalRule: "dual" } });
    const { extension } = await requestExtension(s.requester, { grantId: s.grant.id, minutes: 60, justification: "Race" }, s.deps);
    const approvers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => makeUser(db, { roles: ["approver"], teamIds: [i % 2 ? s.teams.iam.id : s.teams.pam.id] })),
    );

    const outcomes = await Promise.allSettled(approvers.map((a) => approveExtension(a, { extensionId: extension.id }, s.deps)));
    const decided = outcomes.filter((o) => o.status === "fulfilled").map((o) => (o as PromiseFulfilledResult<{ outcome: string }>).value.outcome);
    expect(decided.sort()).toEqual(["approved", "awaiting-more"]);
    for (const r of outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[]) expect(r.reason).toMatchObject({ code: "conflict" });

    const [recorded] = await db.select({ n: count() }).from(extensionApprovals).where(eq(extensionApprovals.extensionId, extension.id));
    expect(recorded.n).toBe(2);
    const grant = await grantById(db, s.grant.id);
    expect(grant.extendedMinutes).toBe(60);
    expect(grant.expiresAt!.getTime()).toBe(s.grant.expiresAt!.getTime() + 60 * MINUTE_MS);
    expect(await countEvents(db, s.grant.id, "extension.approved")).toBe(1);
    expect(await countEvents(db, s.grant.id, "extension.approval_recorded")).toBe(1);
    expect((await extensionById(db, extension.id)).status).toBe("approved");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("revoke racing extend ends in one consistent outcome, with one event per transition", async () => {
    const { db } = handle();
    const seen = new Set<string>();
    for (let round = 0; round < 8; round++) {
      const s = await liveGrantScenario(db, { durationMinutes: 60 });
      const { extension } = await requestExtension(s.requester, { grantId: s.grant.id, minutes: 30, justification: `Race ${round}` }, s.deps);
      const at = s.deps.clock();
      // Alternate who starts first; the database decides who wins.
      const approve = () => approveExtension(s.approver, { extensionId: extension.id }, s.deps);
      const revoke = () => requestRevoke(db, s.grant.id, s.requester, at);
      const [approved, revoked] = round % 2 ? await Promise.allSettled([approve(), revoke()]) : (await Promise.allSettled([revoke(), approve()])).reverse();
      expect(revoked).toMatchObject({ status: "fulfilled", value: true });

      const query = { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" };
      expect((await checkAccess(db, query, at)).allowed).toBe(false);
      let grant = await grantById(db, s.grant.id);
      if (approved.status === "fulfilled") {
        // The extension got in first: applied, and then the grant was ended anyway.
        expect((await extensionById(db, extension.id)).status).toBe("approved");
        expect(grant.extendedMinutes).toBe(30);
        seen.add("extended-then-revoked");
      } else {
        // The revoke got in first: nothing was extended and the approver was told.
        expect(approved.reason).toMatchObject({ code: "conflict" });
        expect(grant.extendedMinutes).toBe(0);
        expect(grant.expiresAt).toEqual(s.grant.expiresAt);
        seen.add("revoked-first");
      }

      s.deps.clock.advance(1_000);
      await expireDueGrants(s.deps);
      grant = await grantById(db, s.grant.id);
      expect(grant.status).toBe("revoked");
      const final = (await extensionById(db, extension.id)).status;
      expect(final).toBe(approved.status === "fulfilled" ? "approved" : "void");
      expect((await checkAccess(db, query, s.deps.clock())).allowed).toBe(false);
      expect({
        approved: await countEvents(db, s.grant.id, "extension.approved"),
        void: await countEvents(db, s.grant.id, "extension.void"),
        revokeRequested: await countEvents(db, s.grant.id, "grant.revoke_requested"),
        revoked: await countEvents(db, s.grant.id, "grant.revoked"),
      }).toEqual({ approved: final === "approved" ? 1 : 0, void: final === "void" ? 1 : 0, revokeRequested: 1, revoked: 1 });
    }
    expect(seen.size).toBeGreaterThanOrEqual(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
