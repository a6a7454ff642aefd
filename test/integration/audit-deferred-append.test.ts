// A transaction's audit events are chained just before it commits (db/before-commit.ts), so
// the chain's lock is held for one insert rather than for the rest of the transaction.
import { asc, count, gt, max } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import type { Tx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { appendAuditEvent, type AuditEventInput } from "@/lib/audit/append-event";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { ENGINES, useTestDb } from "../db";

const event = (label: string): AuditEventInput => ({
  actor: { kind: "system", id: "test", label },
  action: "request.created",
  occurredAt: new Date(),
});

async function headSeq(db: Pick<Tx, "select">): Promise<number> {
  const [row] = await db.select({ seq: max(auditEvents.seq) }).from(auditEvents);
  return Number(row?.seq ?? 0);
}

describe.each(ENGINES)("deferred audit append on %s", (engine) => {
  const handle = useTestDb(engine);

  it("writes a transaction's events at its end, in the order they were appended", async () => {
    const { db } = handle();
    const start = await headSeq(db);
    const seenInside = await db.transaction(async (tx) => {
      await appendAuditEvent(tx, event("first"));
      const [{ n }] = await tx.select({ n: count() }).from(auditEvents).where(gt(auditEvents.seq, start));
      await appendAuditEvent(tx, event("second"));
      return n;
    });
    expect(seenInside).toBe(0);
    const written = await db.select().from(auditEvents).where(gt(auditEvents.seq, start)).orderBy(asc(auditEvents.seq));
    expect(written.map((e) => [e.seq - start, e.actorLabel])).toEqual([
      [1, "first"],
      [2, "second"],
    ]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("defers into the same transaction from a second copy of the module, as Next bundles it", async () => {
    const { db } = handle();
    vi.resetModules();
    const copy = (await import("@/lib/audit/append-event")) as typeof import("@/lib/audit/append-event");
    expect(copy.appendAuditEvent).not.toBe(appendAuditEvent);
    const start = await headSeq(db);
    await db.transaction(async (tx) => {
      await appendAuditEvent(tx, event("from the first copy"));
      await copy.appendAuditEvent(tx, event("from the second copy"));
      await appendAuditEvent(tx, event("first copy again"));
    });
    const written = await db.select().from(auditEvents).where(gt(auditEvents.seq, start)).orderBy(asc(auditEvents.seq));
    expect(written.map((e) => e.actorLabel)).toEqual(["from the first copy", "from the second copy", "first copy again"]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("writes nothing when the transaction rolls back after appending", async () => {
    const { db } = handle();
    const start = await headSeq(db);
    await expect(
      db.transaction(async (tx) => {
        await appendAuditEvent(tx, event("doomed"));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await headSeq(db)).toBe(start);
  });

  // Only PostgreSQL runs two transactions at once; PGlite runs them one after the other.
  if (engine === "postgresql") it("lets another writer append and commit while a transaction that appended is still working", async () => {
    const { db } = handle();
    const start = await headSeq(db);
    let releaseSlow!: () => void;
    const slowMayFinish = new Promise<void>((resolve) => (releaseSlow = resolve));
    let slowAppended!: () => void;
    const slowHasAppended = new Promise<void>((resolve) => (slowAppended = resolve));
    const slow = db.transaction(async (tx) => {
      await appendAuditEvent(tx, event("slow"));
      slowAppended();
      await slowMayFinish; // still inside its transaction: had it taken the chain's lock, the fast writer would wait here
    });
    await slowHasAppended;
    const fast = db.transaction(async (tx) => appendAuditEvent(tx, event("fast")));
    const outcome = await Promise.race([fast.then(() => "committed"), new Promise((resolve) => setTimeout(() => resolve("blocked"), 5_000))]);
    releaseSlow();
    await Promise.all([slow, fast]);
    expect(outcome).toBe("committed");
    const written = await db.select().from(auditEvents).where(gt(auditEvents.seq, start)).orderBy(asc(auditEvents.seq));
    expect(written.map((e) => e.actorLabel)).toEqual(["fast", "slow"]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
