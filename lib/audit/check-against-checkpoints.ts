import "server-only";
// The chain alone cannot see its own tail cut off, or a rewrite with every hash recomputed by
// someone holding owner rights: it still links from the first event to the (new) last one.
// Signed checkpoints can: each one this server signed pins the hash at its sequence number.
// Checkpoints whose signature does not verify prove nothing and are not relied on (the
// integrity page lists them as not valid).
import { desc, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import type { CheckpointKey } from "./checkpoint-key";
import { checkSignature } from "./checkpoints";

export type CheckpointAgreement =
  | { ok: true; checked: number; latestSeq: number | null }
  | { ok: false; checked: number; latestSeq: number | null; seq: number; reason: string };

/** How many of the newest checkpoints to hold the chain to (one an hour: three months). */
const CHECKPOINTS_CHECKED = 2_500;

export async function checkAgainstCheckpoints(db: Db, serverKey: CheckpointKey | null): Promise<CheckpointAgreement> {
  const rows = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(CHECKPOINTS_CHECKED);
  const trusted = rows.filter((c) => checkSignature(c, serverKey) === "valid");
  const latestSeq = trusted[0]?.seq ?? null;
  if (trusted.length === 0) return { ok: true, checked: 0, latestSeq };
  const events = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(inArray(auditEvents.seq, trusted.map((c) => c.seq)));
  const hashAt = new Map(events.map((e) => [e.seq, e.hash]));
  // Oldest first: the first disagreement is where the record stopped matching what was signed.
  for (const c of [...trusted].reverse()) {
    const hash = hashAt.get(c.seq);
    if (hash === undefined) {
      return { ok: false, checked: trusted.length, latestSeq, seq: c.seq, reason: `event #${c.seq}, signed in a checkpoint on ${c.createdAt.toISOString()}, is missing: the log was cut short after it was signed` };
    }
    if (hash !== c.headHash) {
      return { ok: false, checked: trusted.length, latestSeq, seq: c.seq, reason: `event #${c.seq} no longer has the hash signed in its checkpoint on ${c.createdAt.toISOString()}: the log was rewritten after it was signed` };
    }
  }
  return { ok: true, checked: trusted.length, latestSeq };
}
