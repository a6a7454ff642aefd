import "server-only";
// Runs the sweep every few seconds (sooner when a grant falls due) inside the server process. Guarded on globalThis so a
// module evaluated twice (separate bundles, hot reload) never starts a second loop.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { log } from "@/lib/log";
import { appDeps } from "@/lib/runtime/app-deps";
import { runSweep } from "./run-sweep";
import { nextSweepDelayMs } from "./next-sweep-delay";
import { workerIntervalMs } from "./worker-interval";

const globalForWorker = globalThis as unknown as { __lapseWorker?: NodeJS.Timeout };

export { workerIntervalMs };

export function startWorker(): void {
  if (globalForWorker.__lapseWorker) return;
  const instanceId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const interval = workerIntervalMs();
  // One sweep at a time: the next is scheduled when the last has finished, never on top of it.
  const tick = async () => {
    let delay = interval;
    try {
      const deps = await appDeps();
      const stats = await runSweep(deps, instanceId);
      if (Object.values(stats).some((n) => n > 0)) log.info({ stats }, "worker sweep");
      delay = await nextSweepDelayMs(deps.db, deps.clock(), interval);
    } catch (error) {
      log.error({ err: error }, "worker sweep failed");
    } finally {
      globalForWorker.__lapseWorker = setTimeout(() => void tick(), delay);
      globalForWorker.__lapseWorker.unref();
    }
  };
  globalForWorker.__lapseWorker = setTimeout(() => void tick(), 0);
  globalForWorker.__lapseWorker.unref();
  log.info({ instanceId, intervalMs: interval }, "expiry worker started");
}
