import "server-only";
// Per-principal rate limit for /api/v1: a fixed one-minute window counted in the database,
// so every instance shares it (DESIGN §8). One upsert per call; the worker prunes old windows.
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { apiRateLimits } from "@/db/schema";

export const RATE_WINDOW_MS = 60_000;

export function rateLimitPerMinute(): number {
  const configured = Number(process.env.LAPSE_API_RATE_LIMIT);
  return Number.isInteger(configured) && configured > 0 ? configured : 120;
}

/**
 * LAPSE_API_RATE_LIMIT_EXEMPT: principals the limit does not count, comma-separated; an entry
 * ending in * matches by prefix (`workload:gateway-*`). For trusted target systems that call
 * the access check at volume, and for the benchmark's own principals.
 */
export function isRateLimitExempt(principal: string, configured = process.env.LAPSE_API_RATE_LIMIT_EXEMPT ?? ""): boolean {
  return configured
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .some((entry) => (entry.endsWith("*") ? principal.startsWith(entry.slice(0, -1)) : principal === entry));
}

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

export async function consumeRateLimit(db: Executor, principal: string, now: Date, limit: number): Promise<RateVerdict> {
  const windowStart = new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS);
  const [row] = await db
    .insert(apiRateLimits)
    .values({ principal, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [apiRateLimits.principal, apiRateLimits.windowStart], set: { count: sql`${apiRateLimits.count} + 1` } })
    .returning({ count: apiRateLimits.count });
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000));
  return { allowed: row.count <= limit, limit, remaining: Math.max(0, limit - row.count), retryAfterSeconds };
}
