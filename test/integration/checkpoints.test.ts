// Signed checkpoints of the audit chain, and the triggers that keep evidence from being
// deleted: checkpoints, requests, grants and approvals.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditCheckpoints, grants } from "@/db/schema";
import { checkpointKeyFrom } from "@/lib/audit/checkpoint-key";
import { checkpointIfDue } from "@/lib/audit/checkpoint-sweep";
import { listCheckpoints } from "@/lib/audit/checkpoints";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { databaseMessage, expectServiceError, grantFor } from "../helpers";

const HOUR = 3_600_000;

describe.each(ENGINES)("audit checkpoints on %s", (engine) => {
  const handle = useTestDb(engine);

  it("derives one key per secret, signs the head once per interval, and verifies against the chain", async () => {
    expect(checkpointKeyFrom("secret-a").keyId).toBe(checkpointKeyFrom("secret-a").keyId);
    expect(checkpointKeyFrom("secret-a").keyId).not.toBe(checkpointKeyFrom("secret-b").keyId);

    const { db } = handle();
    const s = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const key = checkpointKeyFrom("test secret");
    await createRequest(s.requester, requestTerms(s.resource.id), deps);

    expect(await checkpointIfDue(deps, key, HOUR)).toBe(true);
    expect(await checkpointIfDue(deps, key, HOUR)).toBe(false); // not due yet
    deps.clock.advance(HOUR);
    expect(await checkpointIfDue(deps, key, HOUR)).toBe(false); // due, but the head has not moved
    await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(await checkpointIfDue(deps, key, HOUR)).toBe(true);

    const listed = await listCheckpoints(auditor, deps);
    expect(listed).toHaveLength(2);
    expect(listed.every((c) => c.signatureValid && c.matchesChain && c.keyId === key.keyId)).toBe(true);

    // A forged checkpoint (signed by another key but claiming this one's public key) is caught.
    const [real] = await db.select().from(auditCheckpoints).orderBy(auditCheckpoints.seq).limit(1);
    const forger = checkpointKeyFrom("someone else");
    await db.insert(auditCheckpoints).values({ ...real, seq: real.seq + 100_000, signature: real.signature.replace(/^./, real.signature[0] === "A" ? "B" : "A"), publicKey: real.publicKey });
    await db.insert(auditCheckpoints).values({ ...real, seq: real.seq + 200_000, keyId: forger.keyId, publicKey: forger.publicKey });
    const checked = await listCheckpoints(auditor, deps);
    expect(checked.filter((c) => !c.signatureValid).map((c) => c.seq).sort()).toEqual([real.seq + 100_000, real.seq + 200_000]);
    await expectServiceError(listCheckpoints(s.requester, deps), "forbidden");
  });

  it("refuses to change or delete checkpoints, and to delete requests, grants and approvals", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    await checkpointIfDue(deps, checkpointKeyFrom("x"), HOUR);
    const grant = await grantFor(db, request.id);

    const refused = async (statement: Promise<unknown>) => {
      const error = await statement.then(() => null, (e: unknown) => e);
      expect(error).not.toBeNull();
      expect(databaseMessage(error)).toMatch(/kept as evidence/);
    };
    await refused(db.execute(sql`update audit_checkpoints set head_hash = 'x'`));
    await refused(db.execute(sql`delete from audit_checkpoints`));
    await refused(db.delete(grants).where(eq(grants.id, grant.id)));
    await refused(db.execute(sql`delete from approvals where request_id = ${request.id}`));
    await refused(db.execute(sql`delete from access_requests where id = ${request.id}`));
    expect((await grantFor(db, request.id)).id).toBe(grant.id);
  });
});
