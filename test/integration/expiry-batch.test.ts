// The expiry sweep records a whole batch of confirmed revocations in one transaction (group
// commit). A batch mixing grants that end with grants whose target is down must still give
// each ended grant exactly one event, keep the failed ones live-but-denied, and leave the chain
// intact; the worker's wake-up follows the next grant due.
import { describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { auditEvents, grants } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { defaultConnectors } from "@/lib/connectors/registry";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { nextSweepDelayMs } from "@/lib/worker/next-sweep-delay";
import { ENGINES, useTestDb } from "../db";
import { switchableConnector } from "../failing-connector";
import { makeResource, makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";

const SECOND_MS = 1_000;

describe.each(ENGINES)("batched expiry on %s", (engine) => {
  const handle = useTestDb(engine);

  it("ends every due grant of a mixed batch once, keeps the ones whose target is down for retry, and leaves the chain intact", async () => {
    const { db } = handle();
    const target = switchableConnector();
    const deps = testDeps(db, { connectors: new Map([...defaultConnectors, [target.connector.kind, target.connector]]) });
    const s = await makeScenario(db, { policy: { maxLiveGrants: 20 } });
    const { resource: down } = await makeResource(db, {
      ownerTeamId: s.teams.owners.id,
      connectorKind: target.connector.kind,
      policy: { eligibleTeamIds: [s.teams.devops.id], approverTeamIds: [s.teams.iam.id], maxLiveGrants: 20 },
    });
    const grantIds = async (resourceId: string, count: number, minutes: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const request = await createRequest(s.requester, requestTerms(resourceId, { durationMinutes: minutes }), deps);
        await approveRequest(s.approver, { requestId: request.id }, deps);
        ids.push((await grantFor(db, request.id)).id);
      }
      return ids;
    };
    const ending = await grantIds(s.resource.id, 12, 15);
    const stuck = await grantIds(down.id, 3, 15);
    const later = await grantIds(s.resource.id, 2, 30);

    // The worker sleeps a whole interval when nothing is due sooner, and wakes just after the next expiry otherwise.
    expect(await nextSweepDelayMs(db, deps.clock(), 20 * MINUTE_MS)).toBe(15 * MINUTE_MS + 20);
    expect(await nextSweepDelayMs(db, deps.clock(), 5 * SECOND_MS)).toBe(5 * SECOND_MS);

    target.state.revokeFails = true;
    deps.clock.advance(15 * MINUTE_MS);
    // Small batches and several connectors at once: group commits of varying size.
    expect(await expireDueGrants(deps, { batchSize: 5, concurrency: 4 })).toEqual({ expired: 12, revoked: 0, failed: 3 });

    const rows = await db.select().from(grants).where(inArray(grants.id, [...ending, ...stuck, ...later]));
    const statusOf = new Map(rows.map((g) => [g.id, g]));
    for (const id of ending) {
      expect(statusOf.get(id)).toMatchObject({ status: "expired", revokeAttempts: 1, leaseUntil: null });
      expect(statusOf.get(id)!.revokeVerifiedAt).toEqual(deps.clock());
    }
    for (const id of stuck) expect(statusOf.get(id)).toMatchObject({ status: "active", revokeAttempts: 1, lastRevokeError: "Error: target unreachable" });
    for (const id of later) expect(statusOf.get(id)!.status).toBe("active");

    const expiredEvents = await db
      .select({ grantId: auditEvents.grantId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "grant.expired"), inArray(auditEvents.grantId, [...ending, ...stuck, ...later])));
    expect(expiredEvents.map((e) => e.grantId).sort()).toEqual([...ending].sort());
    const failedEvents = await db.select({ grantId: auditEvents.grantId }).from(auditEvents).where(eq(auditEvents.action, "grant.revoke_failed"));
    expect(failedEvents.map((e) => e.grantId).sort()).toEqual([...stuck].sort());
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    // A second sweep right away finds nothing new to end: no grant is ended or recorded twice.
    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 0 });
    // The target comes back; after the backoff the stuck ones end too, each with one event.
    target.state.revokeFails = false;
    deps.clock.advance(10 * MINUTE_MS);
    expect(await expireDueGrants(deps)).toEqual({ expired: 3, revoked: 0, failed: 0 });
    const all = await db.select({ grantId: auditEvents.grantId }).from(auditEvents).where(eq(auditEvents.action, "grant.expired"));
    expect(all.filter((e) => stuck.includes(e.grantId!))).toHaveLength(3);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("wakes at the interval when no grant is live", async () => {
    const { db } = handle();
    await makeUser(db);
    // Other suites' grants may share this database: look far past them all.
    const farFuture = new Date(Date.UTC(2200, 0, 1));
    expect(await nextSweepDelayMs(db, farFuture, 5 * SECOND_MS)).toBe(5 * SECOND_MS);
  });
});
