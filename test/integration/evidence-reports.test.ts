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
import { CHANGE_REPORT } from "@/lib/audit/reports/change-report";
import { EXCEPTION_REPORT } from "@/lib/audit/reports/exception-report";
import { REFUSAL_REPORT } from "@/lib/audit/reports/refusal-report";
import { proveSeparationOfDuties } from "@/lib/audit/reports/separation-of-duties";
import { reviewBreakGlass } from "@/lib/grants/review-break-glass";
import { confirmPolicyChange } from "@/lib/policy/review-policy";
import { savePolicy } from "@/lib/policy/save-policy";
import { denyRequest } from "@/lib/requests/decide-request";
import { timeOutPendingRequests } from "@/lib/requests/time-out-requests";
import { approvals, accessRequests, grants } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/append-event";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { REVOCATION_REPORT } from "@/lib/audit/reports/revocation-report";
import { SOD_REPORT } from "@/lib/audit/reports/separation-of-duties";
import { EVENT_REPORT, type EventRow } from "@/lib/audit/reports/event-report";
import { computeEventHash } from "@/lib/audit/event-hash";
import { getChartData } from "@/lib/audit/reports/chart-data";
import { listAuditEvents } from "@/lib/audit/list-events";
import { openPostgresTestDb, TEST_DATABASE_URL } from "../db";

const NO_FILTER: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null, actor: null, action: null };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** RFC 4180 as a spreadsheet reads it: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
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

    // Its own export: one row per grant that had to end, the figures and the chain head up front.
    const json = JSON.parse(await readAll(await exportReport(auditor, REVOCATION_REPORT, filter, "json", deps)));
    const head = (await checkIntegrity(auditor, deps)) as { headHash: string };
    expect(json).toMatchObject({ report: "revocation", filter: { resource: s.resource.id }, chainHead: { hash: head.headHash } });
    expect(json.summary).toEqual({ ...report.summary, onScheduleWithinMs: 60_000, overdueNow: 1 });
    expect(json.rows).toHaveLength(4);
    expect(json.rows.filter((r: { overdue: boolean }) => !r.overdue).map((r: { lagMs: number }) => r.lagMs).sort((x: number, y: number) => x - y)).toEqual([60_000, 120_000, 180_000]);
    expect(json.rows.filter((r: { onSchedule: boolean }) => r.onSchedule)).toHaveLength(1);
    expect(json.rows.find((r: { overdue: boolean }) => r.overdue)).toMatchObject({ status: "active", lagMs: null, overdueMs: 60_000, revokeAttempts: 1, endedAt: null });
    const csv = (await readAll(await exportReport(auditor, REVOCATION_REPORT, filter, "csv", deps))).trimEnd().split("\r\n");
    expect(csv[0]).toContain(`hash ${head.headHash}`);
    expect(csv[0]).toContain(`filter {""resource"":""${s.resource.id}""}`);
    expect(csv[0]).toContain(`summary {""ended"":3,""onTime"":1`);
    expect(csv[1]).toMatch(/^grantId,createdAt,resource,holder,accessLevel,status,issuedAt,expiresAt,dueAt,endedAt,lagMs,onSchedule,overdue,overdueMs/);
    expect(csv).toHaveLength(2 + 4);
    await expectServiceError(exportReport(s.requester, REVOCATION_REPORT, filter, "csv", deps), "forbidden");
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

  it("reports exceptions with their review, refusals with who and why, and governance changes with the confirming owner", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalTimeoutMinutes: 30, maxLiveGrants: 5 } });
    await db.execute(sql`update policies set break_glass_team_ids = array[${s.teams.devops.id}]::uuid[] where id = ${s.policy.id}`);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const second = await makeUser(db, { roles: ["owner"], teamIds: [s.teams.owners.id] });
    const deps = testDeps(db);
    const filter = { ...NO_FILTER, resourceId: s.resource.id };

    const glass = await createRequest(s.requester, requestTerms(s.resource.id, { breakGlass: true, justification: "INC-9 outage" }), deps);
    const denied = await createRequest(s.requester, requestTerms(s.resource.id, { justification: "nice to have" }), deps);
    await denyRequest(s.approver, { requestId: denied.id, comment: "no ticket, no access" }, deps);
    deps.clock.advance(1000); // newest first: the next request is the later one
    const ignored = await createRequest(s.requester, requestTerms(s.resource.id, { justification: "nobody looked" }), deps);
    deps.clock.advance(31 * MINUTE_MS);
    await timeOutPendingRequests(deps);
    await reviewBreakGlass(s.owner, { grantId: (await grantFor(db, glass.id)).id, outcome: "escalated", comment: "no incident ticket" }, deps);
    const proposed = await savePolicy(
      s.owner,
      {
        resourceSlug: s.resource.slug, baseVersion: 1, accessLevels: "read admin", eligibleTeamIds: [s.teams.devops.id], eligibleUserIds: [],
        approvalRule: "single", approverTeamIds: [s.teams.iam.id, s.teams.pam.id], defaultDurationMinutes: 15, maxDurationMinutes: 90,
        requireJustification: true, ticketRequired: false, extensionsAllowed: false, breakGlassTeamIds: [s.teams.devops.id],
        breakGlassReviewMinutes: 1440, approvalTimeoutMinutes: 30, maxLiveGrants: 5,
      },
      deps,
    );
    await confirmPolicyChange(second, { policyId: proposed.policy.id }, deps);

    const exceptions = (await EXCEPTION_REPORT.page(filter, null, 50, deps)).rows;
    expect(exceptions).toEqual([
      expect.objectContaining({ holder: s.requester.email, justification: "INC-9 outage", reviewOutcome: "escalated", reviewedBy: s.owner.email, reviewOnTime: true, reviewOverdueNow: false }),
    ]);
    const refusals = (await REFUSAL_REPORT.page(filter, null, 50, deps)).rows;
    expect(refusals.map((r) => [r.requestId, r.outcome, r.deniedBy, r.comment])).toEqual([
      [ignored.id, "timed out", "", ""],
      [denied.id, "denied", s.approver.email, "no ticket, no access"],
    ]);
    const changes = (await CHANGE_REPORT.page(filter, null, 50, deps)).rows;
    expect(changes.map((c) => [c.change, c.by, c.version, c.confirmedBy])).toEqual([
      ["Policy change confirmed", second.email, 2, second.email],
      ["Policy change proposed (loosens control)", s.owner.email, 2, null],
    ]);
    expect(JSON.parse(changes[0].details)).toEqual([{ field: "maxDurationMinutes", before: 60, after: 90, effect: "loosen" }]);
    await expectServiceError(exportReport(s.owner, CHANGE_REPORT, filter, "csv", deps), "forbidden");
  });

  it("proves separation of duties with queries that do find a violation when one is forged", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { approvalRule: "dual" } });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const count = async (id: string) => (await proveSeparationOfDuties(auditor, NO_FILTER, deps)).find((r) => r.id === id)!.count;
    expect(await count("self-decided")).toBe(0);
    expect(await count("dual-short")).toBe(0);

    // Forge what the services never allow, straight into the tables: the queries must see it.
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await db.insert(approvals).values({ requestId: request.id, approverUserId: s.requester.id, decision: "approve", createdAt: deps.clock() });
    await db.update(accessRequests).set({ status: "approved" }).where(sql`${accessRequests.id} = ${request.id}`);
    expect(await count("self-decided")).toBe(1);
    expect(await count("dual-short")).toBe(1);

    // The same checks under a filter: bound as parameters, shown beside the query, and honoured.
    const filtered = async (filter: Partial<ReportFilter>, id: string) => (await proveSeparationOfDuties(auditor, { ...NO_FILTER, ...filter }, deps)).find((r) => r.id === id)!;
    const mine = await filtered({ resourceId: s.resource.id }, "self-decided");
    expect(mine).toMatchObject({ count: 1, params: [s.resource.id] });
    expect(mine.query).toContain("r.resource_id = $1::uuid");
    expect((await filtered({ resourceId: crypto.randomUUID() }, "self-decided")).count).toBe(0);
    expect((await filtered({ requester: s.requester.email }, "dual-short")).count).toBe(1);
    expect((await filtered({ requester: auditor.email }, "dual-short")).count).toBe(0);
    expect((await filtered({ from: new Date(deps.clock().getTime() + 86_400_000) }, "self-decided")).count).toBe(0);

    // The export lists the decision, flagged, with the checks in its header.
    const json = JSON.parse(await readAll(await exportReport(auditor, SOD_REPORT, { ...NO_FILTER, resourceId: s.resource.id }, "json", deps)));
    expect(json.report).toBe("separation-of-duties");
    expect(json.summary).toMatchObject({ "self-decided": 1, "dual-short": 1, decisions: 1 });
    expect(json.rows).toEqual([
      expect.objectContaining({ kind: "request", requestId: request.id, requester: s.requester.email, decidedBy: s.requester.email, decision: "approve", selfDecided: true }),
    ]);
    await expectServiceError(proveSeparationOfDuties(s.requester, NO_FILTER, deps), "forbidden");
    await expectServiceError(exportReport(s.requester, SOD_REPORT, NO_FILTER, "json", deps), "forbidden");
  });

  it("neutralises every formula start in a real export (=, +, -, @, tab, carriage return) and leaves numbers as numbers", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    // Written straight into the tables: the request form trims leading tabs and line breaks,
    // but the export must be safe whatever a cell holds.
    const texts = ["=1+2", "+SUM(A1:A2)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "-5", "plain, with \"quotes\"", "no formula = here"];
    const issued = new Date("2026-02-01T09:00:00Z");
    for (const [i, text] of texts.entries()) {
      const at = new Date(issued.getTime() + i * 1000);
      const [request] = await db
        .insert(accessRequests)
        .values({ resourceId: s.resource.id, policyId: s.policy.id, decidedPolicyId: s.policy.id, requesterUserId: s.requester.id, accessLevel: "read", durationMinutes: 15, justification: text, ticket: text, status: "approved", approvalsRequired: 0, createdAt: at, updatedAt: at })
        .returning();
      // Ended a minute before it was due: a negative lag, a number that starts with a minus.
      const expires = new Date(at.getTime() + 15 * MINUTE_MS);
      await db.insert(grants).values({ requestId: request.id, resourceId: s.resource.id, principalUserId: s.requester.id, accessLevel: "read", durationMinutes: 15, connectorKind: "record-only", status: "expired", issuedAt: at, expiresAt: expires, endedAt: new Date(expires.getTime() - MINUTE_MS), createdAt: at });
    }
    const filter = { ...NO_FILTER, resourceId: s.resource.id };
    const text = await readAll(await exportReport(auditor, GRANT_REPORT, filter, "csv", deps));
    const [, header, ...rows] = parseCsv(text);
    expect(rows).toHaveLength(texts.length);
    const col = (name: string) => header.indexOf(name);
    const neutral = (t: string) => (/^[=+\-@\t\r]/.test(t) ? `'${t}` : t);
    const byJustification = new Map(rows.map((r) => [r[col("justification")], r]));
    for (const t of texts) {
      const row = byJustification.get(neutral(t));
      expect(row, `no row reads ${JSON.stringify(neutral(t))}`).toBeDefined();
      expect(row![col("ticket")]).toBe(neutral(t));
      expect(row![col("lagMs")]).toBe("-60000"); // a number: no leading quote
      expect(row![col("policyVersion")]).toBe("1");
    }
    // On the wire: the tab stays inside a plain cell behind its quote; the carriage return is quoted.
    expect(text).toContain(",'\tTAB,");
    expect(text).toContain(`,"'\rCR",`);
    expect(text).toContain(",-60000\r\n");
    expect(text).not.toMatch(/,[=+@]/);

    // JSON needs no neutralising: the values come back exactly, numbers as numbers.
    const json = JSON.parse(await readAll(await exportReport(auditor, GRANT_REPORT, filter, "json", deps)));
    expect(json.rows.map((r: { justification: string }) => r.justification).sort()).toEqual([...texts].sort());
    expect(json.rows.every((r: { lagMs: unknown }) => r.lagMs === -60_000)).toBe(true);
  });

  it("exports 1,250 chained events of the audit log, every one, in CSV and JSON", async () => {
    const { db } = handle();
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const label = `bulk-${crypto.randomUUID()}`;
    const at = new Date("2026-06-01T00:00:00Z");
    // Real events, chained as the app chains them, by one transaction.
    await db.transaction((tx) =>
      appendAuditEvents(
        tx,
        Array.from({ length: 1250 }, (_, n) => ({ actor: { kind: "system" as const, id: "bulk", label }, action: "grant.expired" as const, occurredAt: new Date(at.getTime() + n * 1000), details: { n } })),
      ),
    );
    const filter = parseReportFilter({ actor: label });
    const csv = await readAll(await exportReport(auditor, EVENT_REPORT, filter, "csv", deps));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[1]).toMatch(/^seq,occurredAt,actorKind,actor,action/);
    expect(lines).toHaveLength(2 + 1250);
    const ns = lines.slice(2).map((line) => Number(/""n"": ?(\d+)/.exec(line)?.[1]));
    expect(new Set(ns).size).toBe(1250);
    expect(Math.min(...ns)).toBe(0);
    expect(Math.max(...ns)).toBe(1249);

    const json = JSON.parse(await readAll(await exportReport(auditor, EVENT_REPORT, filter, "json", deps)));
    expect(json.rows).toHaveLength(1250);
    expect(new Set(json.rows.map((r: { seq: number }) => r.seq)).size).toBe(1250);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("exports the audit log so it can be re-verified outside Lapse: every hash recomputes from the exported row, and each links to the one before", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id, { justification: "quotes \" and unicode ✓" }), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const json = JSON.parse(await readAll(await exportReport(auditor, EVENT_REPORT, NO_FILTER, "json", deps)));
    const rows = [...json.rows].reverse() as EventRow[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows[0].seq).toBe(1);
    rows.forEach((row, i) => {
      const recomputed = computeEventHash({
        seq: row.seq,
        occurredAt: row.occurredAt,
        actorKind: row.actorKind,
        actorId: row.actorId,
        actorLabel: row.actor,
        action: row.action,
        resourceId: row.resourceId,
        requestId: row.requestId,
        grantId: row.grantId,
        details: JSON.parse(row.details),
        prevHash: row.prevHash,
      });
      expect([row.seq, recomputed]).toEqual([row.seq, row.hash]);
      if (i > 0) expect(row.prevHash).toBe(rows[i - 1].hash);
    });
    expect(json.chainHead.hash).toBe(rows.at(-1)!.hash);
  });

  it("never states a filter a report did not apply: a requester filter is dropped from the changes and the audit log, an actor filter from the grants", async () => {
    const { db } = handle();
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const asked = parseReportFilter({ requester: "someone@example.test", actor: "approver@example.test", action: "request.approved", from: "2026-01-01" });
    const headerOf = async (report: typeof CHANGE_REPORT | typeof EVENT_REPORT | typeof GRANT_REPORT) =>
      JSON.parse(await readAll(await exportReport(auditor, report as never, asked, "json", deps))).filter as Record<string, string>;
    expect(await headerOf(CHANGE_REPORT)).toEqual({ from: "2026-01-01" });
    expect(await headerOf(EVENT_REPORT)).toEqual({ from: "2026-01-01", actor: "approver@example.test", action: "request.approved" });
    expect(await headerOf(GRANT_REPORT)).toEqual({ from: "2026-01-01", requester: "someone@example.test" });
  });

  it("filters the audit log by period, resource, owner team, actor and action, on screen and in the export alike", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const other = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    deps.clock.set(new Date("2027-02-01T20:00:00Z"));
    const a = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    deps.clock.set(new Date("2027-02-02T08:00:00Z")); // the next UTC day, within the 24 h approval window
    await approveRequest(s.approver, { requestId: a.id }, deps);
    await createRequest(other.requester, requestTerms(other.resource.id), deps);

    const cases: [string, Record<string, string>, string[]][] = [
      ["resource", { resource: s.resource.id }, ["grant.issued", "request.approved", "request.created"]],
      ["owner team", { team: other.teams.owners.id }, ["request.created"]],
      ["actor", { actor: s.approver.email.toUpperCase() }, ["request.approved"]],
      ["action", { action: "request.created", resource: s.resource.id }, ["request.created"]],
      ["period", { from: "2027-02-01", to: "2027-02-01", resource: s.resource.id }, ["request.created"]],
      ["period after", { from: "2027-02-02", resource: s.resource.id }, ["grant.issued", "request.approved"]],
    ];
    for (const [name, params, expected] of cases) {
      const filter = parseReportFilter(params);
      const onScreen = (await listAuditEvents(auditor, { filter, limit: 200 }, deps)).events.map((e) => e.action);
      const exported = JSON.parse(await readAll(await exportReport(auditor, EVENT_REPORT, filter, "json", deps))).rows.map((r: { action: string }) => r.action);
      expect([name, onScreen]).toEqual([name, expected]);
      expect([name, exported]).toEqual([name, expected]);
    }
  });

  it("computes the chart figures: live grants over time, outcomes per week, lag buckets and exceptions per resource", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 5 } });
    await db.execute(sql`update policies set break_glass_team_ids = array[${s.teams.devops.id}]::uuid[] where id = ${s.policy.id}`);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    deps.clock.set(new Date("2027-05-03T09:00:00Z")); // a Monday
    const a = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 60 }), deps);
    await approveRequest(s.approver, { requestId: a.id }, deps);
    await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 60, breakGlass: true, justification: "outage" }), deps);
    const d = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await denyRequest(s.approver, { requestId: d.id }, deps);
    deps.clock.set(new Date("2027-05-03T10:00:03Z")); // both 60-minute grants due at 10:00, swept 3 s late
    await expireDueGrants(deps);
    deps.clock.set(new Date("2027-05-04T00:00:00Z"));

    const data = await getChartData(auditor, { ...parseReportFilter({ from: "2027-05-03", to: "2027-05-03" }), resourceId: s.resource.id }, deps);
    expect(data.outcomesByWeek).toEqual([{ week: "2027-05-03", approved: 2, denied: 1, cancelled: 0, timedOut: 0, pending: 0 }]);
    expect(data.lagBuckets.find((b) => b.bucket === "1–5 s")).toEqual({ bucket: "1–5 s", grants: 2 });
    expect(data.exceptionsByResource).toEqual([{ resource: s.resource.name, exceptions: 1 }]);
    const at = (iso: string) => data.liveGrants.find((p) => p.at === new Date(iso).toISOString())?.live;
    expect([at("2027-05-03T09:00:00Z"), at("2027-05-03T10:00:00Z")]).toEqual([2, 0]);
  });
});

describe.each(ENGINES)("the live-grants chart on %s", (engine) => {
  const handle = useTestDb(engine);

  it("counts, at every point, exactly the grants live then (as one count per point would)", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 20, maxDurationMinutes: 600 } });
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    // Grants of many lengths, issued on and off the sample points, some ended early, some ended
    // exactly on a point, some still live at the end of the period.
    const starts = ["07:00", "08:00", "08:20", "09:00", "09:59", "10:30", "11:00", "13:45", "14:00", "22:30"];
    const minutes = [60, 180, 100, 60, 1, 240, 45, 15, 600, 90];
    for (const [i, hhmm] of starts.entries()) {
      deps.clock.set(new Date(`2027-06-01T${hhmm}:00Z`));
      await expireDueGrants(deps);
      const request = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: minutes[i] }), deps);
      await approveRequest(s.approver, { requestId: request.id }, deps);
      if (i % 3 === 1 && minutes[i] > 10) {
        deps.clock.set(new Date(deps.clock().getTime() + 10 * MINUTE_MS));
        await revokeGrant(s.owner, { grantId: (await grantFor(db, request.id)).id, reason: "done early" }, deps);
      }
    }
    deps.clock.set(new Date("2027-06-02T02:00:00Z"));
    await expireDueGrants(deps);

    const filter = { ...parseReportFilter({ from: "2027-06-01", to: "2027-06-01" }), resourceId: s.resource.id };
    const data = await getChartData(auditor, filter, deps);
    const [from, to] = [new Date(data.from), new Date(data.to)];
    const step = new Date(data.liveGrants[1].at).getTime() - from.getTime();
    // The plain definition: for each point, count the grants with issued ≤ t < end.
    const expected = (await db.execute(sql`
      select t as at, (
        select count(*) from grants g
         where g.resource_id = ${s.resource.id} and g.issued_at <= t
           and t < least(g.expires_at, coalesce(g.revoke_requested_at, g.expires_at), coalesce(g.ended_at, g.expires_at))
      )::int as live
      from generate_series(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, make_interval(secs => ${step / 1000})) as t`)) as unknown;
    const rows = (Array.isArray(expected) ? expected : (expected as { rows: { at: Date | string; live: number }[] }).rows) as { at: Date | string; live: number }[];
    expect(data.liveGrants).toEqual(rows.map((r) => ({ at: new Date(r.at).toISOString(), live: Number(r.live) })));
    // Not a trivial series: some points see none, one, and several grants at once.
    expect(new Set(data.liveGrants.map((p) => p.live)).size).toBeGreaterThanOrEqual(3);
  });
});

describe.runIf(TEST_DATABASE_URL)("exporting a large audit log on postgresql", () => {
  const handle = useTestDb("postgresql", () => openPostgresTestDb());

  it("streams all 100,000 events of the log, each once", async () => {
    const { db } = handle();
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    // Written straight into the table (the chain is not the point here; the export's completeness is).
    await db.execute(sql`
      insert into audit_events (seq, occurred_at, actor_kind, actor_label, action, details, prev_hash, hash)
      select n, timestamptz '2026-01-01' + n * interval '1 second', 'system', 'bulk', 'grant.expired', jsonb_build_object('n', n), md5((n - 1)::text), md5(n::text)
      from generate_series(1, 100000) as n`);
    const csv = await readAll(await exportReport(auditor, EVENT_REPORT, NO_FILTER, "csv", deps));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2 + 100_000);
    expect(lines[2].startsWith("100000,")).toBe(true);
    expect(lines[lines.length - 1].startsWith("1,")).toBe(true);
  }, 120_000);
});
