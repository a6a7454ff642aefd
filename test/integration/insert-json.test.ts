// Bulk inserts through one JSON parameter (db/insert-json.ts) must store exactly what drizzle's
// own insert would: times to the millisecond, nulls, JSON details, and the tail clause.
import { randomUUID } from "node:crypto";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { insertFromJson } from "@/db/insert-json";
import { rowsOf } from "@/db/rows";
import { auditEvents, notifications } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/append-event";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { ENGINES, useTestDb } from "../db";

describe.each(ENGINES)("insertFromJson on %s", (engine) => {
  const handle = useTestDb(engine);

  it("stores every value as given, skips conflicts through its tail, and returns what was inserted", async () => {
    const { db } = handle();
    const at = new Date("2026-12-04T10:11:12.345Z");
    const key = `insert-json:${randomUUID()}`;
    const row = (title: string, dedupeKey: string | null) => ({
      id: randomUUID(),
      event: "grant.ended" as const,
      dedupeKey,
      resourceId: null,
      requestId: null,
      grantId: null,
      title,
      body: `Body of ${title}, with "quotes", a comma and a line\nbreak ✓`,
      link: "/requests",
      actionLabel: null,
      actionLink: null,
      createdAt: at,
    });
    const rows = [row("first", key), row("second", null), row("duplicate", key)];
    const inserted = rowsOf<{ id: string }>(await db.execute(insertFromJson(notifications, rows, sql`on conflict (dedupe_key) do nothing returning id`)));
    expect(inserted.map((r) => r.id).sort()).toEqual([rows[0].id, rows[1].id].sort());
    const stored = await db.select().from(notifications).where(inArray(notifications.id, [rows[0].id, rows[1].id])).orderBy(asc(notifications.title));
    expect(stored).toEqual([rows[0], rows[1]]);
  });

  it("refuses rows that do not name the same columns, writing nothing", async () => {
    const { db } = handle();
    const id = randomUUID();
    const base = { id, event: "grant.ended" as const, title: "t", body: "b", link: "/", createdAt: new Date() };
    expect(() => insertFromJson(notifications, [base, { ...base, id: randomUUID(), dedupeKey: "x" }])).toThrow(/same columns/);
    expect(await db.select().from(notifications).where(eq(notifications.id, id))).toEqual([]);
  });

  it("chains a batch of audit events that the verifier accepts, details and times exact", async () => {
    const { db } = handle();
    const occurredAt = new Date("2026-12-04T10:11:12.007Z");
    const details = { nested: { list: [1, "two", null], flag: true }, text: "ünïcode \"quoted\"", lagMs: -5 };
    const before = await verifyAuditChain(db);
    await db.transaction((tx) =>
      appendAuditEvents(tx, [1, 2, 3].map((n) => ({ actor: { kind: "system" as const, id: "test", label: `batch ${n}` }, action: "grant.expired" as const, occurredAt, details }))),
    );
    const verdict = await verifyAuditChain(db);
    expect(verdict).toMatchObject({ ok: true, count: before.count + 3 });
    const last = await db.select().from(auditEvents).where(eq(auditEvents.actorLabel, "batch 3"));
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ occurredAt, details, actorKind: "system", actorId: "test", resourceId: null });
  });

  it("records half of a surrogate pair in an event's details as U+FFFD instead of failing (jsonb cannot hold it)", async () => {
    const { db } = handle();
    const broken = JSON.parse('"x \\ud83d"') as string;
    for (const count of [1, 2]) {
      await db.transaction((tx) =>
        appendAuditEvents(tx, Array.from({ length: count }, (_, i) => ({ actor: { kind: "system" as const, id: "test", label: `broken ${count}.${i}` }, action: "auth.sign_in_failed" as const, occurredAt: new Date(), details: { email: broken } }))),
      );
      const [row] = await db.select().from(auditEvents).where(eq(auditEvents.actorLabel, `broken ${count}.0`));
      expect(row.details).toEqual({ email: "x \ufffd" });
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
