// Drift findings are shown to the people who govern the resource, and to nobody else.
import { describe, expect, it } from "vitest";
import { driftFindings } from "@/db/schema";
import { listOpenDriftFindings } from "@/lib/drift/list-drift-findings";
import { DRIFT_REPORT } from "@/lib/audit/reports/drift-report";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeTeam, makeUser, testDeps } from "../factories";
import { expectServiceError } from "../helpers";

describe.each(ENGINES)("drift findings on %s", (engine) => {
  const handle = useTestDb(engine);

  it("lists open findings for the resource's owners and admins only", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    await db.insert(driftFindings).values([
      { resourceId: s.resource.id, subject: "lapse_open", detectedAt: deps.clock(), evidence: { reason: "access Lapse never issued" } },
      { resourceId: s.resource.id, subject: "lapse_closed", detectedAt: deps.clock(), evidence: {}, resolvedAt: deps.clock() },
    ]);
    const other = await makeTeam(db, "security-platform");
    const otherOwner = await makeUser(db, { roles: ["owner"], teamIds: [other.id] });
    const admin = await makeUser(db, { roles: ["admin"] });

    expect(await listOpenDriftFindings(s.owner, s.resource.slug, deps)).toMatchObject([{ subject: "lapse_open", reason: "access Lapse never issued" }]);
    expect(await listOpenDriftFindings(admin, s.resource.slug, deps)).toHaveLength(1);
    expect(await listOpenDriftFindings(otherOwner, s.resource.slug, deps)).toEqual([]);
    await expectServiceError(listOpenDriftFindings(s.requester, s.resource.slug, deps), "forbidden");
  });

  it("reports every finding, open and resolved, with what the sweep saw, to auditors", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    await db.insert(driftFindings).values({ resourceId: s.resource.id, subject: "lapse_old", detectedAt: deps.clock(), evidence: { reason: "access still present after the grant expired", role: "lapse_old" }, resolvedAt: new Date(deps.clock().getTime() + 60_000) });
    deps.clock.advance(120_000);
    await db.insert(driftFindings).values({ resourceId: s.resource.id, subject: "lapse_new", detectedAt: deps.clock(), evidence: { reason: "access Lapse never issued" } });
    const { rows } = await DRIFT_REPORT.page({ from: null, to: null, resourceId: s.resource.id, teamId: null, requester: null, actor: null, action: null }, null, 10, deps);
    expect(rows).toMatchObject([
      { subject: "lapse_new", open: true, resolvedAt: null, reason: "access Lapse never issued", resource: s.resource.name, holder: null },
      { subject: "lapse_old", open: false, reason: "access still present after the grant expired", evidence: JSON.stringify({ role: "lapse_old" }) },
    ]);
  });
});
