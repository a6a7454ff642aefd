// /api/health: a worker whose last successful sweep is older than a few intervals is an outage.
import { describe, expect, it } from "vitest";
import { workerHeartbeats } from "@/db/schema";
import { checkHealth } from "@/lib/runtime/health";
import { ENGINES, useTestDb } from "../db";

describe.each(ENGINES)("health on %s", (engine) => {
  const handle = useTestDb(engine);

  it("is degraded with no sweep, ok after a fresh one, degraded again once the sweep is stale", async () => {
    const h = handle();
    const now = new Date("2026-06-01T09:00:00Z");
    expect((await checkHealth(h, now, 5_000)).status).toBe("degraded");
    await h.db.insert(workerHeartbeats).values({ instanceId: "worker:test", lastSweepAt: now, lastSweepStats: {} });
    expect(await checkHealth(h, new Date(now.getTime() + 5_000), 5_000)).toMatchObject({ status: "ok", worker: { ok: true, secondsSinceSweep: 5 } });
    expect(await checkHealth(h, new Date(now.getTime() + 31_000), 5_000)).toMatchObject({ status: "degraded", worker: { ok: false, secondsSinceSweep: 31 } });
    // A slower interval tolerates proportionally more.
    expect((await checkHealth(h, new Date(now.getTime() + 100_000), 60_000)).status).toBe("ok");
  });
});
