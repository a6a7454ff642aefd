import "server-only";
// The worker's housekeeping for the API: rate-limit windows older than the last minute and
// idempotency keys past their day are deleted.
import { lt } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { apiRateLimits, idempotencyKeys } from "@/db/schema";
import { IDEMPOTENCY_TTL_MS } from "./idempotency";
import { RATE_WINDOW_MS } from "./rate-limit";

export async function pruneApiState(db: Executor, now: Date): Promise<void> {
  await db.delete(apiRateLimits).where(lt(apiRateLimits.windowStart, new Date(now.getTime() - 2 * RATE_WINDOW_MS)));
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS)));
}
