// Evidence reports for auditors: the grants report (filters, approvers, policy version, how
// each grant ended, lag), revocation on schedule (percentiles, overdue), and the streamed
// export (every row, the chain head in its header, CSV injection neutralised).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { exportReport } from "@/lib/audit/reports/export-report";
import { GRANT_REPORT, listGrantReport } from "@/lib/audit/reports/grant-report";
import { parseReportFilter, type ReportFilter } from "@/lib/audit/reports/report-filter";
import { getRevocationReport } from "@/lib/audit/reports/revocation-report";
import { checkIntegrity } from "@/lib/audit/check-integrity";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { revokeGrant } from "@/lib/grants/revoke-grant";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { switchableConnector } from "../failing-connector";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { defaultConnectors } from "@/lib/connectors/registry";
import { expectServiceError, grantFor } from "../helpers";

const NO_FILTER: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe.each(ENGINES)("evidence reports on %s", (engine) => {
  const handle = useTestDb(engine);

  it("lists each grant with approvers, policy version, how it ended and the lag, filtered by resource, team, requester and period", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 5, approvalRule: "dual" } });
    const other = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    deps.clock.set(new Date("2026-03-10T09:00:00Z"));

    const approveTwice = async (requestId: string) => {
      await approveRequest(s.approver, { requestId }, deps);
      await approveRequest(s.approver2, { requestId }, deps);
    };
    const expiring = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 5 }), deps);
    await approveTwice(expiring.id);
    const revoking = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 30 }), deps);
    await approveTwice(revoking.id);
    deps.clock.advance(2 * MINUTE_MS);
    await revokeGrant(s.owner, { grantId: (await grantFor(db, revoking.id)).id, reason: "done early" }, deps);
    deps.clock.advance(4 * MINUTE_MS); // the first grant is now 1 minute past its expiry
    await expireDueGrants(deps);
    deps.clock.set(new Date("2026-04-02T09:00:00Z"));
    const april = await createRequest(other.requester, requestTerms(other.resource.id), deps);
    await approveRequest(other.approver, { requestId: april.id }, deps);

    const mine = await listGrantReport(auditor, { ...NO_FILTER, resourceId: s.resource.id }, {}, deps);
    // Both were created in the same instant: the order between them is the id's, so find each by request.
    expect(mine.rows.map((r) => r.requestId).sort()).toEqual([revoking.id, expiring.id].sort());
    const revoked = mine.rows.find((r) => r.requestId === revoking.id)!;
    const expired = mine.rows.find((r) => r.requestId === expiring.id)!;
    expect(expired).toMatchObject({ status: "expired", howEnded: "expired on schedule", policyVersion: 1, lagMs: 60_000, holder: s.requester.email });
    expect(expired.approvers).toBe(`${s.approver.email}, ${s.approver2.email}`);
    expect(revoked).toMatchObject({ status: "revoked", howEnded: "revoked: done early", lagMs: 0 });

    const count = async (filter: Partial<ReportFilter>) => (await listGrantReport(auditor, { ...NO_FILTER, ...filter }, { limit: 1000 }, deps)).rows.filter((r) => [expiring.id, revoking.id, april.id].includes(r.requestId)).length;
    expect(await count({})).toBe(3);
    expect(await count({ teamId: s.teams.owners.id })).toBe(2);
    expect(await count({ requester: other.requester.email.toUpperCase().toLowerCase() })).toBe(1);
    expect(await count(parseReportFilter({ from: "2026-04-01", to: "2026-04-30" }))).toBe(1);
    expect(await count(parseReportFilter({ from: "2026-03-10", to: "2026-03-10" }))).toBe(2);

    // Keyset paging walks every row once.
    const first = await listGrantReport(auditor, { ...NO_FILTER, resourceId: s.resource.id }, { limit: 1 }, deps);
    const second = await listGrantReport(auditor, { ...NO_FILTER, resourceId: s.resource.id }, { limit: 1, after: first.next }, deps);
    expect([...first.rows, ...second.rows].map((r) => r.requestId)).toEqual(mine.rows.map((r) => r.requestId));
    expect(second.next).toBeNull();

    await expectServiceError(listGrantReport(s.requester, NO_FILTER, {}, deps), "forbidden");
    await expectServiceError(listGrantReport(s.owner, NO_FILTER, {}, deps), "forbidden");
  });

  it("measures revocation lag and lists overdue revocations with their last error", async () => {
    const { db } = handle();
    const target = switchableConnector();
    const deps = testDeps(db, { connectors: new Map([...defaultConnectors, [target.connector.kind, target.connector]]) });
    const s = await makeScenario(db, { connectorKind: target.connector.kind, policy: { approvalRule: "auto", maxLiveGrants: 10 } });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const filter = { ...NO_FILTER, resourceId: s.resource.id };
    for (const minutes of [1, 2, 3]) await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: minutes }), deps);
    deps.clock.advance(4 * MINUTE_MS); // lags: 3, 2 and 1 minutes; only the last is within the 1-minute schedule
    await expireDueGrants(deps);
    await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 1 }), deps);
    target.state.revokeFails = true;
    deps.clock.advance(2 * MINUTE_MS);
    await expireDueGrants(deps);

    const report = await getRevocationReport(auditor, filter, deps);
    expect(report.summary).toEqual({ ended: 3, onTime: 1, lagMs: { p50: 120_000, p95: 174_000, p99: 178_800, max: 180_000 } });
    expect(report.overdue).toHaveLength(1);
    expect(report.overdue[0]).toMatchObject({ overdueMs: 60_000, attempts: 1, lastError: expect.stringMatching(/target/) });
  });

  it("streams every row of a large report with the chain head up front, and neutralises spreadsheet formulas", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "auto", maxLiveGrants: 2000 } });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    await createRequest(s.requester, requestTerms(s.resource.id, { justification: "=HYPERLINK(\"http://evil\")" }), deps);
    // 1,249 more grants written directly: the export must not care how they came to be.
    await db.execute(sql`
      with made as (
        insert into access_requests (resource_id, policy_id, requester_user_id, access_level, duration_minutes, justification, status, approvals_required, created_at, updated_at)
        select ${s.resource.id}, ${s.policy.id}, ${s.requester.id}, 'read', 15, 'bulk ' || n, 'approved', 0, timestamptz '2026-01-01' + n * interval '1 second', timestamptz '2026-01-01'
        from generate_series(1, 1249) as n
        returning id, created_at
      )
      insert into grants (request_id, resource_id, principal_user_id, access_level, duration_minutes, connector_kind, status, issued_at, expires_at, created_at)
      select id, ${s.resource.id}, ${s.requester.id}, 'read', 15, 'record-only', 'active', created_at, created_at + interval '15 minutes', created_at from made`);

    const filter = { ...NO_FILTER, resourceId: s.resource.id };
    const csv = await readAll(await exportReport(auditor, GRANT_REPORT, filter, "csv", deps));
    const lines = csv.trimEnd().split("\r\n");
    const head = (await checkIntegrity(auditor, deps)) as { headHash: string };
    expect(lines[0]).toContain(`hash ${head.headHash}`);
    expect(lines[1]).toMatch(/^grantId,requestId,createdAt,resource,holder/);
    expect(lines).toHaveLength(2 + 1250);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);

    const json = JSON.parse(await readAll(await exportReport(auditor, GRANT_REPORT, filter, "json", deps)));
    expect(json).toMatchObject({ report: "grants", filter: { resource: s.resource.id }, chainHead: { hash: head.headHash } });
    expect(json.rows).toHaveLength(1250);
    expect(new Set(json.rows.map((r: { grantId: string }) => r.grantId)).size).toBe(1250);

    await expectServiceError(exportReport(s.requester, GRANT_REPORT, filter, "csv", deps), "forbidden");
  });
});
