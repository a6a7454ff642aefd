import "server-only";
// Liveness for operators and load balancers: is the database answering, and has the
// expiry worker swept recently? Reveals nothing about users, grants or configuration.
import { max, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";

export interface HealthReport {
  status: "ok" | "degraded";
  database: { kind: string; ok: boolean };
  worker: { ok: boolean; lastSweepAt: string | null; secondsSinceSweep: number | null };
}

export async function checkHealth(handle: DbHandle, now: Date, sweepIntervalMs: number): Promise<HealthReport> {
  await handle.db.execute(sql`select 1`);
  const [row] = await handle.db.select({ last: max(workerHeartbeats.lastSweepAt) }).from(workerHeartbeats);
  const last = row?.last ? new Date(row.last) : null;
  const seconds = last ? Math.max(0, Math.round((now.getTime() - last.getTime()) / 1000)) : null;
  // Three missed sweeps (and at least 30 s) before the worker counts as stalled.
  const workerOk = seconds !== null && seconds * 1000 <= Math.max(3 * sweepIntervalMs, 30_000);
  return {
    status: workerOk ? "ok" : "degraded",
    database: { kind: handle.kind, ok: true },
    worker: { ok: workerOk, lastSweepAt: last?.toISOString() ?? null, secondsSinceSweep: seconds },
  };
}
