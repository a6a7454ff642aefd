import "server-only";
// One pass of the background worker: retry issuance that failed, revoke what is due, end
// requests nobody decided in time, check targets for drift and sign an audit checkpoint when
// each is due, prune the API's rate-limit windows and idempotency keys, and record that the pass succeeded (read by /api/health).
// Notifications run on a loop of their own (notification-sweep.ts): a slow channel must
// never hold up the next expiry.
import { workerHeartbeats } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { sweepDriftIfDue } from "@/lib/drift/sweep-drift";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { retryPendingIssuance } from "@/lib/grants/retry-issuance";
import { timeOutPendingRequests } from "@/lib/requests/time-out-requests";
import { checkpointIfDue } from "@/lib/audit/checkpoint-sweep";
import { log } from "@/lib/log";
import { pruneApiState } from "@/lib/api/prune-api-state";

export interface SweepStats {
  issued: number;
  issueFailed: number;
  expired: number;
  revoked: number;
  revokeFailed: number;
  timedOut: number;
  checkpoints: number;
  driftFound: number;
}

/** How long each part of a sweep took, logged when a sweep is slow (the first place to look). */
async function timedPhase<T>(timings: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[name] = Math.round(performance.now() - started);
  }
}

const SLOW_SWEEP_MS = 2_000;

export async function runSweep(deps: Deps, instanceId: string): Promise<SweepStats> {
  const timings: Record<string, number> = {};
  const issuance = await timedPhase(timings, "issuance", () => retryPendingIssuance(deps));
  const expiry = await timedPhase(timings, "expiry", () => expireDueGrants(deps));
  const timedOut = await timedPhase(timings, "timeouts", () => timeOutPendingRequests(deps));
  const checkpointed = await timedPhase(timings, "checkpoint", () => checkpointIfDue(deps));
  const drift = await timedPhase(timings, "drift", () => sweepDriftIfDue(deps, instanceId));
  await timedPhase(timings, "prune", () => pruneApiState(deps.db, deps.clock()));
  const total = Object.values(timings).reduce((a, b) => a + b, 0);
  if (total > SLOW_SWEEP_MS) log.warn({ timings, total }, "slow worker sweep");
  const stats: SweepStats = {
    issued: issuance.issued,
    issueFailed: issuance.failed,
    expired: expiry.expired,
    revoked: expiry.revoked,
    revokeFailed: expiry.failed,
    timedOut,
    checkpoints: checkpointed ? 1 : 0,
    driftFound: drift?.found ?? 0,
  };
  const sweptAt = deps.clock();
  await deps.db
    .insert(workerHeartbeats)
    .values({ instanceId, lastSweepAt: sweptAt, lastSweepStats: { ...stats } })
    .onConflictDoUpdate({ target: workerHeartbeats.instanceId, set: { lastSweepAt: sweptAt, lastSweepStats: { ...stats } } });
  return stats;
}
