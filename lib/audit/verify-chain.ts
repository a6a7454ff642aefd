import "server-only";
// Walks the whole audit chain in sequence order and names the first broken link.
//
// Built to read a million events quickly: rows come as the driver parses them (no ORM mapping),
// the time as ISO text made by the database (no Date per row: it canonicalises to the same text,
// see event-hash.ts), and the next batch is fetched while the current one is hashed, so the
// database sends rows while this process canonicalises and hashes.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { computeEventHash, GENESIS_HASH, type HashedContent } from "./event-hash";

export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenSeq: number; reason: string };

interface ChainRow {
  seq: string | number;
  occurredAt: string;
  actorKind: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  resourceId: string | null;
  requestId: string | null;
  grantId: string | null;
  details: Record<string, unknown> | string;
  prevHash: string;
  hash: string;
}

async function fetchAfter(db: Db, seq: number, batchSize: number): Promise<ChainRow[]> {
  // Lapse writes times from JavaScript, to the millisecond; .MS gives them back exactly.
  const result = await db.execute(sql`
    select seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
           actor_kind as "actorKind", actor_id as "actorId", actor_label as "actorLabel", action,
           resource_id as "resourceId", request_id as "requestId", grant_id as "grantId", details,
           prev_hash as "prevHash", hash
      from audit_events where seq > ${seq} order by seq limit ${batchSize}`);
  return rowsOf<ChainRow>(result);
}

export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let next = fetchAfter(db, 0, batchSize);
  for (;;) {
    const batch = await next;
    const full = batch.length === batchSize;
    if (full) {
      next = fetchAfter(db, Number(batch[batch.length - 1].seq), batchSize);
      // If this batch holds the broken link, the verdict returns before the prefetch is awaited.
      next.catch(() => {});
    }
    for (const row of batch) {
      const count = expectedSeq - 1;
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        // Sequence numbers are the primary key, so a gap means events were deleted.
        const missing = seq - expectedSeq === 1 ? `event #${expectedSeq} is missing` : `events #${expectedSeq} to #${seq - 1} are missing`;
        return { ok: false, count, brokenSeq: seq, reason: `expected sequence ${expectedSeq}, found ${seq}: ${missing}` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, count, brokenSeq: seq, reason: "previous-hash link does not match" };
      }
      // The row itself is hashed (no copy per event): its seq as a number, its details parsed.
      const content = row as unknown as HashedContent;
      content.seq = seq;
      if (typeof row.details === "string") content.details = JSON.parse(row.details) as Record<string, unknown>;
      if (computeEventHash(content) !== row.hash) {
        return { ok: false, count, brokenSeq: seq, reason: "content does not match its hash" };
      }
      prevHash = row.hash;
      expectedSeq++;
    }
    if (!full) return { ok: true, count: expectedSeq - 1, headHash: prevHash };
  }
}
