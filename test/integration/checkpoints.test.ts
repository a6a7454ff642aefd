// Signed checkpoints of the audit chain, checked against the server's own key (never the
// key stored in the row), and the triggers that keep evidence from being deleted:
// checkpoints, requests, grants and approvals.
import { createPublicKey, sign, verify } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { auditCheckpoints, auditEvents, grants } from "@/db/schema";
import { checkpointKeyFrom } from "@/lib/audit/checkpoint-key";
import { checkpointIfDue } from "@/lib/audit/checkpoint-sweep";
import { checkpointPayload, listCheckpoints } from "@/lib/audit/checkpoints";
import { buildEvidencePack } from "@/lib/audit/evidence-pack";
import { exportCheckpoints } from "@/lib/audit/export-checkpoints";
import type { ReportFilter } from "@/lib/audit/reports/report-filter";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { databaseMessage, expectServiceError, grantFor } from "../helpers";

const HOUR = 3_600_000;
const NO_FILTER: ReportFilter = { from: null, to: null, resourceId: null, teamId: null, requester: null, actor: null, action: null };

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

    const listed = await listCheckpoints(auditor, deps, 100, key);
    expect(listed).toHaveLength(2);
    expect(listed.every((c) => c.signatureValid && c.signatureCheck === "valid" && c.matchesChain && c.keyId === key.keyId)).toBe(true);

    // A tampered signature under this server's key is caught.
    const [real] = await db.select().from(auditCheckpoints).orderBy(auditCheckpoints.seq).limit(1);
    await db.insert(auditCheckpoints).values({ ...real, seq: real.seq + 100_000, signature: real.signature.replace(/^./, real.signature[0] === "A" ? "B" : "A") });
    const checked = await listCheckpoints(auditor, deps, 100, key);
    expect(checked.find((c) => c.seq === real.seq + 100_000)).toMatchObject({ signatureValid: false, signatureCheck: "invalid" });
    await expectServiceError(listCheckpoints(s.requester, deps, 100, key), "forbidden");
  });

  it("shows a checkpoint signed by a foreign key as not valid, on the list, in the export and in the evidence pack", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const serverKey = checkpointKeyFrom("the server's secret");
    await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const [head] = await db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);

    // Someone who can insert rows signs the true head with a key of their own and stores that
    // key beside it: the signature verifies against the row's key, and must still not pass.
    const forger = checkpointKeyFrom("someone else's secret");
    const forged = { seq: head.seq, headHash: head.hash, createdAt: deps.clock() };
    const forgedSignature = sign(null, checkpointPayload(forged), forger.privateKey).toString("base64");
    expect(verify(null, checkpointPayload(forged), createPublicKey({ key: Buffer.from(forger.publicKey, "base64"), format: "der", type: "spki" }), Buffer.from(forgedSignature, "base64"))).toBe(true);
    await db.insert(auditCheckpoints).values({ ...forged, keyId: forger.keyId, publicKey: forger.publicKey, signature: forgedSignature });
    // The same forger claiming the server's key id and public key fails the signature itself.
    deps.clock.advance(1000);
    const claimed = { seq: head.seq + 1, headHash: head.hash, createdAt: deps.clock() };
    await db.insert(auditCheckpoints).values({
      ...claimed,
      keyId: serverKey.keyId,
      publicKey: serverKey.publicKey,
      signature: sign(null, checkpointPayload(claimed), forger.privateKey).toString("base64"),
    });

    const listed = await listCheckpoints(auditor, deps, 100, serverKey);
    expect(listed.find((c) => c.seq === head.seq)).toMatchObject({
      signatureValid: false,
      signatureCheck: "foreign-key",
      signatureNote: "signed by a key this server does not hold",
      matchesChain: true,
    });
    expect(listed.find((c) => c.seq === head.seq + 1)).toMatchObject({ signatureValid: false, signatureCheck: "invalid" });
    // Without a key of its own the server vouches for nothing.
    expect((await listCheckpoints(auditor, deps, 100, null)).every((c) => !c.signatureValid && c.signatureCheck === "no-server-key")).toBe(true);

    const exported = await exportCheckpoints(auditor, deps, serverKey);
    expect(exported.checkedAgainst).toEqual({ keyId: serverKey.keyId, publicKey: serverKey.publicKey });
    expect(exported.checkpoints.find((c) => c.seq === head.seq)).toMatchObject({ keyId: forger.keyId, signatureValid: false, signatureNote: "signed by a key this server does not hold" });
    await expectServiceError(exportCheckpoints(s.requester, deps, serverKey), "forbidden");

    const files = unzipSync(new Uint8Array(await new Response(await buildEvidencePack(auditor, NO_FILTER, deps, serverKey)).arrayBuffer()));
    const packed = JSON.parse(strFromU8(files["checkpoints.json"])) as { checkedAgainst: { keyId: string }; checkpoints: { seq: number; signatureValid: boolean; signatureNote: string }[] };
    expect(packed.checkedAgainst.keyId).toBe(serverKey.keyId);
    expect(packed.checkpoints.find((c) => c.seq === head.seq)).toMatchObject({ signatureValid: false, signatureNote: "signed by a key this server does not hold" });
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
