import "server-only";
// One pass of the background worker: retry issuance that failed, revoke what is due, and
// record that the pass succeeded (read by /api/health).
import { workerHeartbeats } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { expireDueGrants } from "@/lib/grants/expire-due-grants";
import { retryPendingIssuance } from "@/lib/grants/retry-issuance";

export interface SweepStats {
  issued: number;
  issueFailed: number;
  expired: number;
  revokeFailed: number;
}

export async function runSweep(deps: Deps, instanceId: string): Promise<SweepStats> {
  const issuance = await retryPendingIssuance(deps);
  const expiry = await expireDueGrants(deps);
  const stats: SweepStats = {
    issued: issuance.issued,
    issueFailed: issuance.failed,
    expired: expiry.expired,
    revokeFailed: expiry.failed,
  };
  const sweptAt = deps.clock();
  await deps.db
    .insert(workerHeartbeats)
    .values({ instanceId, lastSweepAt: sweptAt, lastSweepStats: { ...stats } })
    .onConflictDoUpdate({ target: workerHeartbeats.instanceId, set: { lastSweepAt: sweptAt, lastSweepStats: { ...stats } } });
  return stats;
}
