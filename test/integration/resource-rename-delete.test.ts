// Renaming a resource keeps everything attached to its immutable id; deleting one is refused
// while grants are live and whenever it has history (evidence), and allowed for an unused one.
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents, driftFindings, policies, resources } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { deleteResource } from "@/lib/resources/delete-resource";
import { renameResource } from "@/lib/resources/rename-resource";
import { ENGINES, useTestDb } from "../db";
import { makeResource, makeScenario, makeTeam, makeUser, requestTerms, testDeps } from "../factories";
import { expectServiceError, grantFor } from "../helpers";

describe.each(ENGINES)("resource rename and delete on %s", (engine) => {
  const handle = useTestDb(engine);

  it("renames a resource with a live grant: the grant keeps working and follows the id", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);

    const newSlug = `renamed-${s.resource.slug}`;
    expect(await renameResource(admin, { resourceId: s.resource.id, name: "Renamed", slug: newSlug }, deps)).toEqual({ slug: newSlug, changed: true });
    const query = { principalUserId: s.requester.id, resourceId: s.resource.id, accessLevel: "read" };
    expect((await checkAccess(db, query, deps.clock())).allowed).toBe(true);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "resource.renamed"));
    expect(event.details).toMatchObject({ before: { slug: s.resource.slug }, after: { slug: newSlug, name: "Renamed" } });

    const other = await makeScenario(db);
    const taken = await expectServiceError(renameResource(admin, { resourceId: other.resource.id, name: "x", slug: newSlug }, deps), "invalid");
    expect(taken.fieldErrors.slug).toEqual(["Another resource already uses this slug."]);
    await expectServiceError(renameResource(s.owner, { resourceId: s.resource.id, name: "x", slug: "x-y" }, deps), "forbidden");
  });

  it("refuses to delete while grants are live, and while history exists; deletes an unused resource", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    const s = await makeScenario(db);
    const admin = await makeUser(db, { roles: ["admin"] });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    expect((await expectServiceError(deleteResource(admin, { resourceId: s.resource.id }, deps), "conflict")).message).toContain("live");
    deps.clock.advance(16 * MINUTE_MS);
    await expireDueGrants(deps);
    expect((await grantFor(db, request.id)).status).toBe("expired");
    expect((await expectServiceError(deleteResource(admin, { resourceId: s.resource.id }, deps), "conflict")).message).toContain("evidence");

    const team = await makeTeam(db, "security-platform");
    // A resource never requested but with a drift finding (a role Lapse never issued) keeps it as evidence.
    const { resource: drifted } = await makeResource(db, { ownerTeamId: team.id, policy: { eligibleTeamIds: [], approverTeamIds: [] } });
    await db.insert(driftFindings).values({ resourceId: drifted.id, subject: "lapse_stray", detectedAt: deps.clock(), evidence: { roleExists: true } });
    expect((await expectServiceError(deleteResource(admin, { resourceId: drifted.id }, deps), "conflict")).message).toContain("drift findings");

    const { resource: unused } = await makeResource(db, { ownerTeamId: team.id, policy: { eligibleTeamIds: [], approverTeamIds: [] } });
    await expectServiceError(deleteResource(s.owner, { resourceId: unused.id }, deps), "forbidden");
    await deleteResource(admin, { resourceId: unused.id }, deps);
    expect(await db.select().from(resources).where(eq(resources.id, unused.id))).toEqual([]);
    expect(await db.select().from(policies).where(eq(policies.resourceId, unused.id))).toEqual([]);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "resource.deleted"));
    expect(event).toMatchObject({ resourceId: unused.id, details: { slug: unused.slug } });
  });
});
