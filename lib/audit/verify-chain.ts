import "server-only";
// Walks the whole audit chain in sequence order and names the first broken link.
//
// The next batch is fetched while the current one is hashed, so the database sends rows while
// this process canonicalises and hashes (the two share the work instead of taking turns).
import { asc, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema";
import { computeEventHash, GENESIS_HASH } from "./event-hash";

export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenSeq: number; reason: string };

function fetchAfter(db: Db, seq: number, batchSize: number): Promise<AuditEvent[]> {
  return db.select().from(auditEvents).where(gt(auditEvents.seq, seq)).orderBy(asc(auditEvents.seq)).limit(batchSize);
}

export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let next = fetchAfter(db, 0, batchSize);
  for (;;) {
    const batch = await next;
    const full = batch.length === batchSize;
    if (full) {
      next = fetchAfter(db, batch[batch.length - 1].seq, batchSize);
      // If this batch holds the broken link, the verdict returns before the prefetch is awaited.
      next.catch(() => {});
    }
    for (const event of batch) {
      const count = expectedSeq - 1;
      if (event.seq !== expectedSeq) {
        return { ok: false, count, brokenSeq: event.seq, reason: `expected sequence ${expectedSeq}, found ${event.seq}` };
      }
      if (event.prevHash !== prevHash) {
        return { ok: false, count, brokenSeq: event.seq, reason: "previous-hash link does not match" };
      }
      if (computeEventHash(event) !== event.hash) {
        return { ok: false, count, brokenSeq: event.seq, reason: "content does not match its hash" };
      }
      prevHash = event.hash;
      expectedSeq++;
    }
    if (!full) return { ok: true, count: expectedSeq - 1, headHash: prevHash };
  }
}
