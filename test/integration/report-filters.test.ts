// Every evidence report honours every filter it offers. Two organisations (resource, owner team,
// requester) act in two months; for each report × filter the rows are read through all pages
// and each must belong to the side the filter picked, with that side present at all.
import { sql } from "drizzle-orm";
import { driftFindings } from "@/db/schema";
import { describe, expect, it } from "vitest";
import type { Cell, PagedReport } from "@/lib/audit/reports/export-report";
import { REPORTS } from "@/lib/audit/reports/registry";
import type { ReportFilter } from "@/lib/audit/reports/report-filter";
import { approveExtension } from "@/lib/extensions/decide-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { reviewBreakGlass } from "@/lib/grants/review-break-glass";
import { revokeGrant } from "@/lib/grants/revoke-grant";
import { savePolicy } from "@/lib/policy/save-policy";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest, denyRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { EXTENSIBLE } from "../extension-helpers";
import { makeScenario, requestTerms, testDeps } from "../factories";
import { grantFor } from "../helpers";
import { policyEdit } from "../policy-helpers";

const NO_FILTER: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null, actor: null, action: null };
const MARCH = new Date("2026-03-10T09:00:00Z");
const APRIL = new Date("2026-04-10T09:00:00Z");

/** Per report: the column naming the resource, the person the requester filter means, and the row's time. */
const COLUMNS: Record<string, { resource: string; person: string | null; at: string }> = {
  grants: { resource: "resource", person: "holder", at: "createdAt" },
  revocation: { resource: "resource", person: "holder", at: "createdAt" },
  extensions: { resource: "resource", person: "holder", at: "askedAt" },
  exceptions: { resource: "resource", person: "holder", at: "createdAt" },
  refusals: { resource: "resource", person: "requester", at: "createdAt" },
  drift: { resource: "resource", person: "holder", at: "detectedAt" },
  // Decisions on requests and extensions, dated when they were taken; the requester is who asked.
  "separation-of-duties": { resource: "resource", person: "requester", at: "decidedAt" },
  // Governance changes and raw events have no requester; the log filters by actor instead.
  changes: { resource: "resource", person: null, at: "occurredAt" },
  events: { resource: "resource", person: null, at: "occurredAt" },
};

/** Reports whose header figures count their rows: the figures must honour the filter too. */
const COUNTED: Record<string, (summary: Record<string, unknown>) => number> = {
  revocation: (s) => Number(s.ended) + Number(s.overdueNow),
  "separation-of-duties": (s) => Number(s.decisions),
};

async function allRows(report: PagedReport<Record<string, Cell>>, filter: ReportFilter, deps: ReturnType<typeof testDeps>) {
  const rows: Record<string, Cell>[] = [];
  let after: string | null = null;
  do {
    // A small page size, so paging and filtering are exercised together.
    const page = await report.page(filter, after, 3, deps);
    rows.push(...page.rows);
    after = page.next;
  } while (after);
  return rows;
}

describe.each(ENGINES)("report filters on %s", (engine) => {
  const handle = useTestDb(engine);

  it("each report × each filter keeps exactly the picked side", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const sides = [await makeScenario(db, { policy: { ...EXTENSIBLE, maxLiveGrants: 10 } }), await makeScenario(db, { policy: { ...EXTENSIBLE, maxLiveGrants: 10 } })];
    for (const s of sides) {
      await db.execute(sql`update policies set break_glass_team_ids = array[${s.teams.devops.id}]::uuid[] where id = ${s.policy.id}`);
    }
    // The same story on both sides, in March and again in April.
    for (const when of [MARCH, APRIL]) {
      for (const s of sides) {
        deps.clock.set(when);
        const granted = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 60 }), deps);
        await approveRequest(s.approver, { requestId: granted.id }, deps);
        const grant = await grantFor(db, granted.id);
        await db.insert(driftFindings).values({ resourceId: s.resource.id, grantId: grant.id, subject: `lapse_${grant.id}`, detectedAt: deps.clock(), evidence: { reason: "still there" } });
        deps.clock.advance(1000);
        const { extension } = await requestExtension(s.requester, { grantId: grant.id, minutes: 30, justification: "longer" }, deps);
        await approveExtension(s.approver2, { extensionId: extension.id }, deps);
        deps.clock.advance(1000);
        // A grant ended early by its owner, so revocation on schedule has a row on each side.
        const ended = await createRequest(s.requester, requestTerms(s.resource.id, { durationMinutes: 60 }), deps);
        await approveRequest(s.approver, { requestId: ended.id }, deps);
        await revokeGrant(s.owner, { grantId: (await grantFor(db, ended.id)).id, reason: "done" }, deps);
        deps.clock.advance(1000);
        const denied = await createRequest(s.requester, requestTerms(s.resource.id), deps);
        await denyRequest(s.approver, { requestId: denied.id, comment: "no" }, deps);
        deps.clock.advance(1000);
        const glass = await createRequest(s.requester, requestTerms(s.resource.id, { breakGlass: true, justification: "outage" }), deps);
        await reviewBreakGlass(s.owner, { grantId: (await grantFor(db, glass.id)).id, outcome: "accepted" }, deps);
        const current = (await getCurrentPolicy(db, s.resource.id))!;
        const tighter = { maxDurationMinutes: current.maxDurationMinutes - 1, breakGlassTeamIds: current.breakGlassTeamIds };
        await savePolicy(s.owner, policyEdit(s, current, tighter), deps);
      }
    }

    const [a, b] = sides;
    const filters: { label: string; filter: Partial<ReportFilter>; needsPerson?: boolean; keeps: (row: Record<string, Cell>, c: (typeof COLUMNS)[string]) => boolean }[] = [
      { label: "resource", filter: { resourceId: a.resource.id }, keeps: (row, c) => row[c.resource] === a.resource.name },
      { label: "owner team", filter: { teamId: a.teams.owners.id }, keeps: (row, c) => row[c.resource] === a.resource.name },
      { label: "requester", filter: { requester: a.requester.email }, needsPerson: true, keeps: (row, c) => row[c.person!] === a.requester.email },
      {
        label: "period",
        filter: { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") },
        keeps: (row, c) => String(row[c.at]).startsWith("2026-03"),
      },
    ];

    const failures: string[] = [];
    for (const [name, report] of Object.entries(REPORTS)) {
      const c = COLUMNS[name];
      expect(c, `COLUMNS has no entry for the ${name} report`).toBeDefined();
      const everything = await allRows(report, NO_FILTER, deps);
      for (const { label, filter, needsPerson, keeps } of filters) {
        if (needsPerson && !c.person) continue;
        const rows = await allRows(report, { ...NO_FILTER, ...filter }, deps);
        const expected = everything.filter((row) => keeps(row, c));
        if (rows.length === 0) failures.push(`${name} × ${label}: no rows`);
        if (rows.length !== expected.length || rows.some((row) => !keeps(row, c))) {
          failures.push(`${name} × ${label}: ${rows.length} rows, ${rows.filter((row) => !keeps(row, c)).length} from the wrong side, expected ${expected.length}`);
        }
        if (COUNTED[name]) {
          const counted = COUNTED[name](await report.summary!({ ...NO_FILTER, ...filter }, deps));
          if (counted !== expected.length) failures.push(`${name} × ${label}: the header counts ${counted}, the rows are ${expected.length}`);
        }
      }
      // Both sides and both months are in the unfiltered report.
      expect(everything.some((row) => row[c.resource] === b.resource.name), `${name} holds side B`).toBe(true);
    }
    expect(failures).toEqual([]);
  });
});
