import "server-only";
// Idempotency-Key on POSTs: the first call with a key reserves it, runs, and stores its answer;
// a retry with the same key and the same request gets that answer again instead of acting twice.
// The same key with a different request is refused, and so is a retry while the first still runs.
// Keys are per principal and kept for a day.
import { createHash } from "node:crypto";
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** A reservation with no answer after this long belongs to a call that died; a retry takes it over. */
export const ABANDONED_AFTER_MS = 2 * 60_000;

export type Reservation =
  | { kind: "new" }
  | { kind: "replay"; status: number; body: unknown }
  | { kind: "mismatch" }
  | { kind: "in-progress" };

export function fingerprintOf(method: string, path: string, body: string): string {
  return `${method} ${path} ${createHash("sha256").update(body).digest("hex")}`;
}

export async function reserveIdempotencyKey(db: Executor, principal: string, key: string, fingerprint: string, now: Date): Promise<Reservation> {
  // An expired key is forgotten before it is reused.
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key), lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))));
  const [reserved] = await db.insert(idempotencyKeys).values({ principal, key, fingerprint, createdAt: now }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (reserved) return { kind: "new" };
  const [existing] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  if (!existing) return { kind: "in-progress" };
  if (existing.fingerprint !== fingerprint) return { kind: "mismatch" };
  if (existing.statusCode === null) {
    if (existing.createdAt.getTime() > now.getTime() - ABANDONED_AFTER_MS) return { kind: "in-progress" };
    // Conditional, so of two retries racing for an abandoned key only one takes it over.
    const [taken] = await db
      .update(idempotencyKeys)
      .set({ createdAt: now })
      .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key), isNull(idempotencyKeys.statusCode), eq(idempotencyKeys.createdAt, existing.createdAt)))
      .returning({ key: idempotencyKeys.key });
    return taken ? { kind: "new" } : { kind: "in-progress" };
  }
  return { kind: "replay", status: existing.statusCode, body: existing.body };
}

export async function completeIdempotencyKey(db: Executor, principal: string, key: string, status: number, body: unknown): Promise<void> {
  await db.update(idempotencyKeys).set({ statusCode: status, body }).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}

/** A failure on our side is not an answer worth replaying: the client may simply retry. */
export async function releaseIdempotencyKey(db: Executor, principal: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}
