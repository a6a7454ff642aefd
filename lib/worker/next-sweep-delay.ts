import "server-only";
// How long the worker sleeps before its next sweep: the regular interval, or less when a
// grant falls due sooner, so a grant is revoked moments after its expiry rather than up to
// a whole interval later. Every instance wakes at that moment; SKIP LOCKED shares the work.
import { and, eq, gt, min } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { grants } from "@/db/schema";

/** Woken this long after the due moment, so the grant is certainly due by then. */
const AFTER_DUE_MS = 20;

export async function nextSweepDelayMs(db: Executor, now: Date, intervalMs: number): Promise<number> {
  const [{ next }] = await db
    .select({ next: min(grants.expiresAt) })
    .from(grants)
    .where(and(eq(grants.status, "active"), gt(grants.expiresAt, now)));
  if (!next) return intervalMs;
  return Math.max(0, Math.min(intervalMs, next.getTime() - now.getTime() + AFTER_DUE_MS));
}
