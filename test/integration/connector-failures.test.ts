// A target that is down: issuance and revocation fail, stay visible, and are retried;
// nobody keeps access while revocation is retried.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { grants } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { defaultConnectors } from "@/lib/connectors/registry";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { retryPendingIssuance } from "@/lib/grants/retry-issuance";
import { addMs, MINUTE_MS } from "@/lib/lifecycle/duration";
import { CONNECTOR_LEASE_MS } from "@/lib/lifecycle/grant-rules";
import { createRequest } from "@/lib/requests/create-request";
import { getResourceOverview } from "@/lib/resources/get-resource-overview";
import { listOwnedResources } from "@/lib/resources/list-owned-resources";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { switchableConnector } from "../failing-connector";
import { makeScenario, requestTerms, testDeps } from "../factories";
import { actionsFor, grantFor } from "../helpers";

describe.each(ENGINES)("connector failures on %s", (engine) => {
  const handle = useTestDb(engine);

  function setup() {
    const target = switchableConnector();
    const connectors = new Map([...defaultConnectors, [target.connector.kind, target.connector]]);
    return { target, deps: testDeps(handle().db, { connectors }) };
  }

  it("never ends a grant whose revoke the target acknowledged but verify still finds: it stays active, overdue, with the reason", async () => {
    const { db } = handle();
    const { target, deps } = setup();
    const s = await makeScenario(db, { connectorKind: target.connector.kind });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    target.state.accessLingers = true;
    deps.clock.advance(15 * MINUTE_MS + 1);

    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 1 });
    const overdue = await grantFor(db, request.id);
    expect(overdue).toMatchObject({ status: "active", endedAt: null, revokeVerifiedAt: null });
    expect(overdue.lastRevokeError).toMatch(/verify found the access still present after revoke/);
    expect(target.state.revoked).toEqual([overdue.id]);
    // The clock has already ended access, whatever the target says.
    expect((await checkAccess(db, { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" }, deps.clock())).allowed).toBe(false);
    expect(await actionsFor(db, request.id)).toEqual(["request.created", "request.approved", "grant.issued", "grant.revoke_failed"]);

    target.state.accessLingers = false;
    deps.clock.advance(MINUTE_MS);
    expect(await expireDueGrants(deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
    expect((await grantFor(db, request.id)).status).toBe("expired");
  });

  it("keeps a failed issuance approved-but-not-issued, retries after backoff, and never blocks later requests", async () => {
    const { db } = handle();
    const { target, deps } = setup();
    const s = await makeScenario(db, { connectorKind: target.connector.kind });
    target.state.issueFails = true;

    const first = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect((await approveRequest(s.approver, { requestId: first.id }, deps)).outcome).toBe("approved");
    let grant = await grantFor(db, first.id);
    expect(grant).toMatchObject({ status: "issuing", issueAttempts: 1, lastIssueError: "Error: target unreachable" });
    expect(grant.nextIssueAt!.getTime()).toBeGreaterThan(deps.clock().getTime());

    // The owner sees it on their page.
    expect((await listOwnedResources(s.owner, deps))[0]).toMatchObject({ failingIssuances: 1, liveGrants: 0 });

    // Before the backoff is over the worker leaves it alone.
    expect(await retryPendingIssuance(deps)).toEqual({ issued: 0, failed: 0 });

    // The requester can still ask again; the failure blocks nobody.
    const second = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(second.status).toBe("pending");

    target.state.issueFails = false;
    deps.clock.advance(MINUTE_MS);
    const issuedAt = deps.clock();
    expect(await retryPendingIssuance(deps)).toEqual({ issued: 1, failed: 0 });
    grant = await grantFor(db, first.id);
    expect(grant.status).toBe("active");
    expect(grant.issuedAt).toEqual(issuedAt); // the window starts at the successful issuance
    expect(await actionsFor(db, first.id)).toEqual(["request.created", "request.approved", "grant.issue_failed", "grant.issued"]);
  });

  it("leaves a grant whose revoke fails active in the ledger but denies access, then expires it on retry", async () => {
    const { db } = handle();
    const { target, deps } = setup();
    const s = await makeScenario(db, { connectorKind: target.connector.kind });
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 1 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const query = { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" };

    target.state.revokeFails = true;
    deps.clock.advance(MINUTE_MS + 1);
    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 1 });
    let grant = await grantFor(db, request.id);
    expect(grant).toMatchObject({ status: "active", revokeAttempts: 1 });
    expect((await checkAccess(db, query, deps.clock())).allowed).toBe(false);
    expect((await listOwnedResources(s.owner, deps))[0]).toMatchObject({ overdueRevocations: 1, liveGrants: 0 });
    // The owner's resource page shows the drift with its last error and the next try.
    const overview = await getResourceOverview(s.owner, s.resource.slug, deps);
    expect(overview!.current).toEqual([
      expect.objectContaining({ id: grant.id, live: false, revocationPending: true, revokeAttempts: 1, lastRevokeError: "Error: target unreachable", nextRevokeAt: grant.nextRevokeAt!.toISOString() }),
    ]);
    // Owners do not read the audit log, so the page does not link them to it.
    expect(overview!.viewer.mayReadAudit).toBe(false);

    target.state.revokeFails = false;
    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 0 }); // still backing off
    deps.clock.advance(10_000);
    expect(await expireDueGrants(deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
    grant = await grantFor(db, request.id);
    expect(grant.status).toBe("expired");
    expect(target.state.revoked).toEqual([grant.id]);
    expect(await actionsFor(db, request.id)).toEqual([
      "request.created",
      "request.approved",
      "grant.issued",
      "grant.revoke_failed",
      "grant.expired",
    ]);
  });

  it("finishes the work of a worker that died holding a grant, once its lease runs out", async () => {
    const { db } = handle();
    const { deps } = setup();
    const s = await makeScenario(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 1 }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const grant = await grantFor(db, request.id);
    deps.clock.advance(MINUTE_MS);
    // A worker claimed the due grant (as claimDueGrants does) and was killed before revoking.
    await db.update(grants).set({ leaseUntil: addMs(deps.clock(), CONNECTOR_LEASE_MS) }).where(eq(grants.id, grant.id));

    expect(await expireDueGrants(deps)).toEqual({ expired: 0, revoked: 0, failed: 0 });
    expect((await checkAccess(db, { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" }, deps.clock())).allowed).toBe(false);
    deps.clock.advance(CONNECTOR_LEASE_MS);
    expect(await expireDueGrants(deps)).toEqual({ expired: 1, revoked: 0, failed: 0 });
    expect((await grantFor(db, request.id)).status).toBe("expired");
  });

  it("keeps overlapping grants independent: the first ending leaves the second's access", async () => {
    const { db } = handle();
    const { deps } = setup();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 2 } });
    const short = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    await approveRequest(s.approver, { requestId: short.id }, deps);
    const long = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30 }), deps);
    await approveRequest(s.approver, { requestId: long.id }, deps);

    deps.clock.advance(6 * MINUTE_MS);
    await expireDueGrants(deps);
    expect((await grantFor(db, short.id)).status).toBe("expired");
    const answer = await checkAccess(db, { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" }, deps.clock());
    expect(answer.allowed).toBe(true);
    expect(answer.grantIds).toEqual([(await grantFor(db, long.id)).id]);
  });
});
