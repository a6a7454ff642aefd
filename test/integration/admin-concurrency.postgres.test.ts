// Offboarding and admin races that only a real PostgreSQL server can run (PGlite executes
// one transaction at a time), so this suite runs only when TEST_DATABASE_URL is set.
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { accessRequests, grants, userRoles, users } from "@/db/schema";
import { checkAccess } from "@/lib/access/check-access";
import { disableUser } from "@/lib/admin/disable-user";
import { setUserRoles } from "@/lib/admin/set-user-roles";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { ServiceError } from "@/lib/errors";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { openPostgresTestDb, TEST_DATABASE_URL, useTestDb } from "../db";
import { makeResource, makeScenario, makeUser, requestTerms, testDeps } from "../factories";

/** Every rejection must be a refusal the service meant (no deadlock, no database error). */
function refusals(outcomes: PromiseSettledResult<unknown>[]) {
  const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason);
  for (const reason of rejected) expect(reason, String(reason)).toBeInstanceOf(ServiceError);
  return rejected as ServiceError[];
}

describe.runIf(TEST_DATABASE_URL)("admin concurrency on postgresql", () => {
  const handle = useTestDb("postgresql", () => openPostgresTestDb({ max: 24 }));

  it("disabling a user while they request and approvers approve leaves nothing of theirs live", async () => {
    const { db } = handle();
    for (let round = 0; round < 5; round++) {
      const deps = testDeps(db);
      const s = await makeScenario(db, { policy: { maxLiveGrants: 50 } });
      const { resource: autoResource } = await makeResource(db, {
        ownerTeamId: s.teams.owners.id,
        policy: { eligibleTeamIds: [s.teams.devops.id], approverTeamIds: [s.teams.iam.id], approvalRule: "auto", maxLiveGrants: 50 },
      });
      const admin = await makeUser(db, { roles: ["admin"] });
      const waiting = await Promise.all(Array.from({ length: 5 }, () => createRequest(s.requester, requestTerms(s.resource.id), deps)));

      const outcomes = await Promise.allSettled([
        ...waiting.map((r) => approveRequest(s.approver, { requestId: r.id }, deps)),
        ...Array.from({ length: 4 }, (_, i) => createRequest(s.requester, requestTerms(i % 2 ? autoResource.id : s.resource.id), deps)),
        disableUser(admin, { userId: s.requester.id }, deps),
        ...Array.from({ length: 4 }, (_, i) => createRequest(s.requester, requestTerms(i % 2 ? autoResource.id : s.resource.id), deps)),
      ]);
      for (const refusal of refusals(outcomes)) expect(["forbidden", "conflict"]).toContain(refusal.code);
      expect(outcomes[5 + 4].status).toBe("fulfilled");

      const [row] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, s.requester.id));
      expect(row.disabled).toBe(true);
      const stillPending = await db
        .select({ id: accessRequests.id })
        .from(accessRequests)
        .where(and(eq(accessRequests.requesterUserId, s.requester.id), eq(accessRequests.status, "pending")));
      expect(stillPending, `round ${round}`).toEqual([]);
      const theirs = await db.select().from(grants).where(eq(grants.principalUserId, s.requester.id));
      for (const grant of theirs) expect(grant.revokeRequestedAt, `round ${round}: grant ${grant.id}`).not.toBeNull();
      for (const resourceId of [s.resource.id, autoResource.id]) {
        const answer = await checkAccess(db, { principalUserId: s.requester.id, resourceId, accessLevel: "read" }, deps.clock());
        expect(answer.allowed).toBe(false);
      }

      await expireDueGrants(deps);
      const ended = await db
        .select({ status: grants.status })
        .from(grants)
        .where(and(eq(grants.principalUserId, s.requester.id), inArray(grants.status, ["issuing", "active"])));
      expect(ended).toEqual([]);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("two admins removing each other's admin role, or disabling each other, at once: exactly one wins", async () => {
    const { db } = handle();
    const deps = testDeps(db);
    for (let round = 0; round < 5; round++) {
      const a = await makeUser(db, { roles: ["admin"] });
      const b = await makeUser(db, { roles: ["admin"] });
      const outcomes = await Promise.allSettled([
        setUserRoles(a, { userId: b.id, roles: ["auditor"] }, deps),
        setUserRoles(b, { userId: a.id, roles: ["auditor"] }, deps),
      ]);
      expect(refusals(outcomes).map((r) => r.code)).toEqual(["forbidden"]);
      const admins = await db
        .select({ userId: userRoles.userId })
        .from(userRoles)
        .where(and(inArray(userRoles.userId, [a.id, b.id]), eq(userRoles.role, "admin")));
      expect(admins).toHaveLength(1);

      const c = await makeUser(db, { roles: ["admin"] });
      const d = await makeUser(db, { roles: ["admin"] });
      const disables = await Promise.allSettled([disableUser(c, { userId: d.id }, deps), disableUser(d, { userId: c.id }, deps)]);
      expect(refusals(disables).map((r) => r.code)).toEqual(["forbidden"]);
      const enabled = await db.select({ id: users.id }).from(users).where(and(inArray(users.id, [c.id, d.id]), eq(users.disabled, false)));
      expect(enabled).toHaveLength(1);
    }
  });
});
