// `npm run worker`: the expiry worker as a process of its own, for PostgreSQL deployments
// (run the app with LAPSE_WORKER=off, or keep both: sweeps are safe side by side). PGlite
// allows one process per data folder, so the worker refuses to start without DATABASE_URL.
// SIGTERM/SIGINT: no new sweep starts; the current one finishes (a grant it holds is either
// ended or released by its lease), then the process exits.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { openPostgres } from "@/db/client";
import { defaultConnectors, type ConnectorRegistry } from "@/lib/connectors/registry";
import type { Connector } from "@/lib/connectors/types";
import { log } from "@/lib/log";
import { runNotificationSweep } from "./notification-sweep";
import { runSweep } from "./run-sweep";
import { nextSweepDelayMs } from "./next-sweep-delay";
import { startSweepLoop } from "./sweep-loop";
import { workerIntervalMs } from "./worker-interval";

/**
 * LAPSE_TEST_SLOW_REVOKE_MS (tests only, refused in production): every revoke waits this
 * long first, so a test can kill the worker while it holds a batch.
 */
function connectorsFromEnv(): ConnectorRegistry {
  const delay = Number(process.env.LAPSE_TEST_SLOW_REVOKE_MS);
  if (!delay) return defaultConnectors;
  if (process.env.NODE_ENV === "production") throw new Error("LAPSE_TEST_SLOW_REVOKE_MS is for tests only");
  const slow = (connector: Connector): Connector => ({
    ...connector,
    // A revoke that waits stands for a target across the network: a few calls at a time.
    localOnly: false,
    issue: connector.issue.bind(connector),
    verify: connector.verify.bind(connector),
    async revoke(grant, ctx) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return connector.revoke(grant, ctx);
    },
  });
  return new Map([...defaultConnectors].map(([kind, connector]) => [kind, slow(connector)]));
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "npm run worker needs DATABASE_URL (PostgreSQL). The embedded PGlite database allows one process per data folder: " +
        "without DATABASE_URL, the app's own in-process worker does the sweeps.",
    );
    process.exit(2);
  }
  // With MIGRATION_DATABASE_URL the worker, like the app, migrates as the owner and runs as
  // the limited role (INSERT and SELECT only on the evidence tables).
  const handle = await openPostgres(url, { migrationUrl: process.env.MIGRATION_DATABASE_URL || undefined });
  const deps = { db: handle.db, clock: () => new Date(), connectors: connectorsFromEnv() };
  const instanceId = `worker:${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const interval = workerIntervalMs();
  let stopping = false;
  const loops = [
    startSweepLoop({
      retryDelayMs: interval,
      onError: (error) => log.error({ err: error }, "worker sweep failed"),
      async run() {
        const stats = await runSweep(deps, instanceId);
        if (Object.values(stats).some((n) => n > 0)) log.info({ stats }, "worker sweep");
        return nextSweepDelayMs(deps.db, deps.clock(), interval);
      },
    }),
    // Its own loop: a slow mail server delays messages, never the next expiry.
    startSweepLoop({
      retryDelayMs: interval,
      onError: (error) => log.error({ err: error }, "notification sweep failed"),
      async run() {
        const stats = await runNotificationSweep(deps);
        if (stats.sent + stats.failed > 0) log.info({ stats }, "notification sweep");
        return interval;
      },
    }),
  ];

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ instanceId, signal }, "worker stopping after the current sweep");
    await Promise.all(loops.map((loop) => loop.stop()));
    await handle.close();
    log.info({ instanceId }, "worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  log.info({ instanceId, intervalMs: interval }, "expiry worker process started");
}

main().catch((error: unknown) => {
  console.error(`Lapse worker cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
