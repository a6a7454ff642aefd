// The audit table is evidence: append-only by trigger, chained by hash, verifiable.
import { desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { approvals, auditEvents } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { checkIntegrity } from "@/lib/audit/check-integrity";
import { checkpointKeyFrom } from "@/lib/audit/checkpoint-key";
import { checkpointIfDue } from "@/lib/audit/checkpoint-sweep";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { ENGINES, useTestDb } from "../db";
import { makeScenario, makeUser, requestTerms, testDeps } from "../factories";
import { databaseMessage } from "../helpers";

describe.each(ENGINES)("audit chain on %s", (engine) => {
  const handle = useTestDb(engine);

  it("links every event of a run to the one before it, with no gaps", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 3 } });
    const deps = testDeps(db);
    for (let i = 0; i < 3; i++) {
      const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
      await approveRequest(s.approver, { requestId: request.id }, deps);
    }
    const rows = await db.select().from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.length).toBeGreaterThanOrEqual(9);
    rows.forEach((row, index) => {
      expect(row.seq).toBe(index + 1);
      if (index > 0) expect(row.prevHash).toBe(rows[index - 1].hash);
    });
    const verdict = await verifyAuditChain(db, 4); // small batches cross batch boundaries
    expect(verdict).toEqual({ ok: true, count: rows.length, headHash: rows[rows.length - 1].hash });
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    await createRequest(s.requester, requestTerms(s.resource.id), testDeps(db));
    const refusal = (statement: ReturnType<typeof sql>) => db.execute(statement).then(() => "allowed", databaseMessage);
    expect(await refusal(sql`update audit_events set actor_label = 'someone else'`)).toMatch(/append-only: UPDATE refused/);
    expect(await refusal(sql`delete from audit_events`)).toMatch(/append-only: DELETE refused/);
    expect(await refusal(sql`truncate audit_events`)).toMatch(/append-only: TRUNCATE refused/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("keeps every decision as evidence: approvals and extension approvals refuse UPDATE, DELETE and TRUNCATE; requests and grants refuse DELETE and TRUNCATE", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const deps = testDeps(db);
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    await approveRequest(s.approver, { requestId: request.id }, deps);
    const refusal = (statement: ReturnType<typeof sql>) => db.execute(statement).then(() => "allowed", databaseMessage);
    expect(await refusal(sql`update approvals set approver_user_id = ${s.approver2.id}`)).toMatch(/approvals is kept as evidence: UPDATE refused/);
    expect(await refusal(sql`delete from approvals`)).toMatch(/approvals is kept as evidence: DELETE refused/);
    expect(await refusal(sql`truncate approvals cascade`)).toMatch(/kept as evidence: TRUNCATE refused/);
    expect(await refusal(sql`truncate extension_approvals`)).toMatch(/extension_approvals is kept as evidence: TRUNCATE refused/);
    expect(await refusal(sql`delete from grants`)).toMatch(/grants is kept as evidence: DELETE refused/);
    expect(await refusal(sql`truncate grants cascade`)).toMatch(/kept as evidence: TRUNCATE refused/);
    expect(await refusal(sql`truncate access_requests cascade`)).toMatch(/kept as evidence: TRUNCATE refused/);
    const [kept] = await db.select().from(approvals).where(eq(approvals.requestId, request.id));
    expect(kept.approverUserId).toBe(s.approver.id);
  });

  it("rolls an event back with the transaction that wrote it", async () => {
    const { db } = handle();
    const before = (await verifyAuditChain(db)) as { ok: true; count: number };
    await expect(
      db.transaction(async (tx) => {
        await appendAuditEvent(tx, {
          actor: { kind: "system", id: "test", label: "test" },
          action: "request.created",
          occurredAt: new Date(),
        });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: before.count });
  });

  it("names the first broken link when someone with table-owner rights edits history", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    await createRequest(s.requester, requestTerms(s.resource.id), testDeps(db));
    const [{ seq }] = await db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(auditEvents.seq).limit(1);
    // Only a table owner can switch the trigger off; the chain still tells on them.
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await db.execute(sql`update audit_events set details = '{"tampered": true}'::jsonb where seq = ${seq}`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: false, brokenSeq: seq, reason: "content does not match its hash" });
  });
});

describe.each(ENGINES)("deleting from the audit chain on %s", (engine) => {
  // A database of its own: the suite above leaves its chain broken on purpose.
  const handle = useTestDb(engine);

  it("names the first broken link when a table owner deletes an event in the middle of the chain", async () => {
    const { db } = handle();
    const s = await makeScenario(db, { policy: { maxLiveGrants: 3 } });
    const deps = testDeps(db);
    for (let i = 0; i < 3; i++) {
      const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
      await approveRequest(s.approver, { requestId: request.id }, deps);
    }
    const rows = await db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(auditEvents.seq);
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(await verifyAuditChain(db, 4)).toMatchObject({ ok: true, count: rows.length });
    const middle = rows[Math.floor(rows.length / 2)].seq;

    // Only a table owner can switch the trigger off and delete; the chain still tells on them.
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await db.execute(sql`delete from audit_events where seq = ${middle}`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);

    // Batches of 4 so the gap is found across batch boundaries, not only within one.
    for (const batch of [4, 1000]) {
      expect(await verifyAuditChain(db, batch)).toEqual({
        ok: false,
        count: middle - 1,
        brokenSeq: middle + 1,
        reason: `expected sequence ${middle}, found ${middle + 1}: event #${middle} is missing`,
      });
    }
  });
});

describe.each(ENGINES)("cutting the tail off the audit chain on %s", (engine) => {
  // A database of its own: this suite truncates its chain on purpose.
  const handle = useTestDb(engine);

  it("still links after the last events are deleted, but the signed checkpoint names what is missing", async () => {
    const { db } = handle();
    const s = await makeScenario(db);
    const auditor = await makeUser(db, { roles: ["auditor"] });
    const deps = testDeps(db);
    const key = checkpointKeyFrom("tail test secret");
    for (let i = 0; i < 4; i++) await createRequest(s.requester, requestTerms(s.resource.id), deps);
    expect(await checkpointIfDue(deps, key, 3_600_000)).toBe(true);
    const [head] = await db.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    expect(await checkIntegrity(auditor, deps, key)).toMatchObject({ ok: true, count: head.seq, checkpointsChecked: 1 });

    // A table owner deletes the newest events, the checkpointed one among them.
    await db.execute(sql`alter table audit_events disable trigger audit_events_no_update_delete`);
    await db.execute(sql`delete from audit_events where seq >= ${head.seq - 1}`);
    await db.execute(sql`alter table audit_events enable trigger audit_events_no_update_delete`);

    // The chain alone cannot tell: what is left links from the first event to the new last one.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: head.seq - 2 });
    const verdict = await checkIntegrity(auditor, deps, key);
    expect(verdict).toMatchObject({ ok: false, brokenSeq: head.seq, count: head.seq - 2, checkpointsChecked: 1 });
    expect((verdict as { reason: string }).reason).toMatch(new RegExp(`event #${head.seq}, signed in a checkpoint on .*, is missing: the log was cut short after it was signed`));
    // A checkpoint this server did not sign proves nothing, so it is not relied on.
    expect(await checkIntegrity(auditor, deps, checkpointKeyFrom("another secret"))).toMatchObject({ ok: true, checkpointsChecked: 0 });
  });
});
