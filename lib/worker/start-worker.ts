import "server-only";
// Runs the sweeps inside the server process: the lifecycle sweep every few seconds (sooner
// when a grant falls due) and, on a loop of its own, the notification sweep. Guarded on
// globalThis so a module evaluated twice (separate bundles, hot reload) never starts a second pair.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { log } from "@/lib/log";
import { appDeps } from "@/lib/runtime/app-deps";
import { runNotificationSweep } from "./notification-sweep";
import { runSweep } from "./run-sweep";
import { nextSweepDelayMs } from "./next-sweep-delay";
import { startSweepLoop, type SweepLoop } from "./sweep-loop";
import { workerIntervalMs } from "./worker-interval";

const globalForWorker = globalThis as unknown as { __lapseWorker?: SweepLoop[] };

export { workerIntervalMs };

export function startWorker(): void {
  if (globalForWorker.__lapseWorker) return;
  const instanceId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const interval = workerIntervalMs();
  globalForWorker.__lapseWorker = [
    startSweepLoop({
      unref: true,
      retryDelayMs: interval,
      onError: (error) => log.error({ err: error }, "worker sweep failed"),
      async run() {
        const deps = await appDeps();
        const stats = await runSweep(deps, instanceId);
        if (Object.values(stats).some((n) => n > 0)) log.info({ stats }, "worker sweep");
        return nextSweepDelayMs(deps.db, deps.clock(), interval);
      },
    }),
    startSweepLoop({
      unref: true,
      retryDelayMs: interval,
      onError: (error) => log.error({ err: error }, "notification sweep failed"),
      async run() {
        const stats = await runNotificationSweep(await appDeps());
        if (stats.sent + stats.failed > 0) log.info({ stats }, "notification sweep");
        return interval;
      },
    }),
  ];
  log.info({ instanceId, intervalMs: interval }, "expiry worker started");
}
