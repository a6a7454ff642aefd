import "server-only";
// The access is the grant itself: targets ask Lapse's access check, which answers from the
// clock and the ledger. Issue and revoke have nothing to change outside; verify reads the
// ledger back through the same rule the access check uses.
import { inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { grants } from "@/db/schema";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import type { Connector } from "./types";

type LedgerRow = Pick<typeof grants.$inferSelect, "id" | "status" | "issuedAt" | "expiresAt" | "revokeRequestedAt">;
type Waiter = { id: string; resolve: (row: LedgerRow | undefined) => void; reject: (error: unknown) => void };

// A sweep ending thousands of grants in the same second verifies many at once: the ledger
// reads asked for in the same turn of the event loop share one query (one round trip instead
// of one per grant). Each verify still judges its own row with its own clock reading.
const queued = new Map<Executor, Waiter[]>();

function readLedgerRow(db: Executor, id: string): Promise<LedgerRow | undefined> {
  return new Promise((resolve, reject) => {
    const waiting = queued.get(db);
    if (waiting) return void waiting.push({ id, resolve, reject });
    queued.set(db, [{ id, resolve, reject }]);
    setImmediate(() => void flush(db));
  });
}

async function flush(db: Executor): Promise<void> {
  const waiters = queued.get(db) ?? [];
  queued.delete(db);
  try {
    const rows = await db
      .select({ id: grants.id, status: grants.status, issuedAt: grants.issuedAt, expiresAt: grants.expiresAt, revokeRequestedAt: grants.revokeRequestedAt })
      .from(grants)
      .where(inArray(grants.id, [...new Set(waiters.map((w) => w.id))]));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const waiter of waiters) waiter.resolve(byId.get(waiter.id));
  } catch (error) {
    for (const waiter of waiters) waiter.reject(error);
  }
}

export const recordOnlyConnector: Connector = {
  kind: "record-only",
  localOnly: true,
  async issue() {
    return { details: { mode: "record-only" } };
  },
  async revoke() {},
  async verify(grant, { db, now }) {
    const row = await readLedgerRow(db, grant.id);
    const accessPresent = row ? isGrantLive(row, now) : false;
    return { accessPresent, details: { mode: "record-only", checkedAt: now.toISOString(), accessPresent } };
  },
};
