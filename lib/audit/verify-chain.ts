import "server-only";
// Walks the whole audit chain in sequence order and names the first broken link.
import { asc, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { computeEventHash, GENESIS_HASH } from "./event-hash";

export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenSeq: number; reason: string };

export async function verifyAuditChain(db: Db, batchSize = 1000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
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
    if (batch.length < batchSize) return { ok: true, count: expectedSeq - 1, headHash: prevHash };
  }
}
