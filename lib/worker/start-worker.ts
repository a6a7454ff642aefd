import "server-only";
// Runs the sweep every few seconds inside the server process. Guarded on globalThis so a
// module evaluated twice (separate bundles, hot reload) never starts a second loop.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { log } from "@/lib/log";
import { appDeps } from "@/lib/runtime/app-deps";
import { runSweep } from "./run-sweep";
import { workerIntervalMs } from "./worker-interval";

const globalForWorker = globalThis as unknown as { __lapseWorker?: NodeJS.Timeout };

export { workerIntervalMs };

export function startWorker(): void {
  if (globalForWorker.__lapseWorker) return;
  const instanceId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  let running = false;
  const tick = async () => {
    // A slow sweep (a connector timing out) must not pile up overlapping sweeps.
    if (running) return;
    running = true;
    try {
      const stats = await runSweep(await appDeps(), instanceId);
      if (Object.values(stats).some((n) => n > 0)) log.info({ stats }, "worker sweep");
    } catch (error) {
      log.error({ err: error }, "worker sweep failed");
    } finally {
      running = false;
    }
  };
  globalForWorker.__lapseWorker = setInterval(tick, workerIntervalMs());
  globalForWorker.__lapseWorker.unref();
  void tick();
  log.info({ instanceId, intervalMs: workerIntervalMs() }, "expiry worker started");
}
