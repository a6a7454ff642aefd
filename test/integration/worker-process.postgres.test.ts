// The worker as a process of its own (`npm run worker`): killed with SIGKILL while it holds
// a batch of due grants, another worker finishes the batch; every grant ends expired exactly
// once with one event each. A worker stops cleanly on SIGTERM. Refuses to run on PGlite.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import { accessRequests, auditEvents, grants, workerHeartbeats } from "@/db/schema";
import { openPostgres, type DbHandle } from "@/db/client";
import { MINUTE_MS } from "@/lib/lifecycle/duration";
import { createRequest } from "@/lib/requests/create-request";
import { approveRequest } from "@/lib/requests/decide-request";
import { manualClock } from "../clock";
import { TEST_DATABASE_URL } from "../db";
import { makeScenario, requestTerms, testDeps } from "../factories";

const ROOT = path.resolve(__dirname, "..", "..");
const ENTRY = path.join(ROOT, "lib", "worker", "worker-main.ts");
// As `npm run worker` runs it: node with tsx as a loader, so signals reach the worker itself
// (the tsx CLI would put a relaying parent process in between).
const ARGS = ["--import", "tsx", "--conditions=react-server", ENTRY];

function startWorker(databaseUrl: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ARGS, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LAPSE_WORKER_INTERVAL_MS: "300", LAPSE_CONNECTOR_LEASE_MS: "2000", NODE_ENV: "test", ...env },
    stdio: ["ignore", env.LOG_LEVEL ? "pipe" : "ignore", "pipe"],
  });
}

/** What a worker started with LOG_LEVEL=info said about itself: its instance id and the grants its sweeps expired. */
interface WorkerReport {
  instanceId?: string;
  expired: number;
  /** Resolves once the process has exited and its output is all read. */
  closed: Promise<void>;
}
function readLog(child: ChildProcess): WorkerReport {
  const report: WorkerReport = { expired: 0, closed: new Promise((resolve) => child.once("close", () => resolve())) };
  let pending = "";
  child.stdout!.setEncoding("utf8");
  child.stdout!.on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { msg?: string; instanceId?: string; stats?: { expired?: number } };
      if (entry.msg === "expiry worker process started") report.instanceId = entry.instanceId;
      if (entry.msg === "worker sweep") report.expired += entry.stats?.expired ?? 0;
    }
  });
  return report;
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("worker process", () => {
  it("refuses to start without DATABASE_URL (PGlite allows one process)", () => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, ARGS, { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("needs DATABASE_URL");
  });
});

describe.runIf(TEST_DATABASE_URL)("worker processes on PostgreSQL", () => {
  const name = `lapse_test_${randomBytes(6).toString("hex")}`;
  let url = "";
  let handle: DbHandle;
  const admin = TEST_DATABASE_URL ? postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} }) : undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await admin!.unsafe(`create database ${name}`);
    const u = new URL(TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    handle = await openPostgres(url, { max: 4 });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await handle?.close();
    await admin!.unsafe(`drop database if exists ${name} with (force)`);
    await admin!.end();
  });

  it("finishes a batch a SIGKILLed worker held: every grant expired once, one event each; SIGTERM stops cleanly", async () => {
    const { db } = handle;
    // Issued 30 minutes ago (by the wall clock the worker uses) for 15 minutes: all due now.
    const deps = testDeps(db, { clock: manualClock(new Date(Date.now() - 30 * MINUTE_MS)) });
    const s = await makeScenario(db, { policy: { maxLiveGrants: 100, approvalRule: "auto" } });
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
      if (request.status === "pending") await approveRequest(s.approver, { requestId: request.id }, deps);
      const [grant] = await db.select({ id: grants.id, status: grants.status }).from(grants).where(eq(grants.requestId, request.id));
      expect(grant.status).toBe("active");
      ids.push(grant.id);
    }
    const expiredEvents = async () =>
      (await db.select({ grantId: auditEvents.grantId }).from(auditEvents).where(and(eq(auditEvents.action, "grant.expired"), inArray(auditEvents.grantId, ids)))).length;

    // The first worker takes the whole batch and revokes slowly; kill it once a few are done.
    const first = startWorker(url, { LAPSE_TEST_SLOW_REVOKE_MS: "700" });
    children.push(first);
    await waitFor(async () => (await expiredEvents()) >= 1, 45_000, "the first worker to expire a grant");
    first.kill("SIGKILL");
    expect((await exited(first)).signal).toBe("SIGKILL");
    const doneByFirst = await expiredEvents();
    expect(doneByFirst).toBeLessThan(ids.length);
    const held = await db.select({ n: sql<number>`count(*)::int` }).from(grants).where(and(inArray(grants.id, ids), eq(grants.status, "active"), sql`${grants.leaseUntil} is not null`));
    expect(held[0].n).toBeGreaterThan(0); // the dead worker's leases are still there

    const second = startWorker(url, { LAPSE_TEST_SLOW_REVOKE_MS: "50" });
    children.push(second);
    await waitFor(async () => (await expiredEvents()) >= ids.length, 45_000, "the second worker to finish the batch");

    second.kill("SIGTERM");
    expect(await exited(second)).toEqual({ code: 0, signal: null });

    const rows = await db.select({ status: grants.status }).from(grants).where(inArray(grants.id, ids));
    expect(rows.every((row) => row.status === "expired")).toBe(true);
    const perGrant = await db
      .select({ grantId: auditEvents.grantId, n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "grant.expired"), inArray(auditEvents.grantId, ids)))
      .groupBy(auditEvents.grantId);
    expect(perGrant).toHaveLength(ids.length);
    expect(perGrant.every((row) => row.n === 1)).toBe(true);
    expect((await db.select().from(workerHeartbeats)).length).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("two workers on 1,000 due grants: each expired exactly once", async () => {
    const { db } = handle;
    const deps = testDeps(db, { clock: manualClock(new Date(Date.now() - 30 * MINUTE_MS)) });
    const s = await makeScenario(db, { policy: { maxLiveGrants: 100, approvalRule: "auto" } });
    const request = await createRequest(s.requester, requestTerms(s.resource.id), deps);
    const [template] = await db.select().from(grants).where(eq(grants.requestId, request.id));
    const [requestRow] = await db.select().from(accessRequests).where(eq(accessRequests.id, request.id));
    // 999 more like it, inserted directly: the same due grant a thousand times over.
    const ids = [template.id];
    for (let chunk = 0; chunk < 9; chunk++) {
      const requests = Array.from({ length: 111 }, () => ({ ...requestRow, id: randomUUID() }));
      await db.insert(accessRequests).values(requests);
      const rows = requests.map((r) => ({ ...template, id: randomUUID(), requestId: r.id }));
      await db.insert(grants).values(rows);
      ids.push(...rows.map((row) => row.id));
    }
    expect(ids).toHaveLength(1000);
    const expiredEvents = async () =>
      (await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(and(eq(auditEvents.action, "grant.expired"), inArray(auditEvents.grantId, ids))))[0].n;

    // Revokes are slowed so that one batch (500 grants, 16 at a time) takes ~10 s: the worker that
    // starts second finds the other half still due, whichever one claims first. The lease outlasts
    // a batch, so neither takes over grants the other still holds.
    const testStartedAt = new Date();
    const env = { LOG_LEVEL: "info", LAPSE_TEST_SLOW_REVOKE_MS: "300", LAPSE_CONNECTOR_LEASE_MS: "60000" };
    const workers = [startWorker(url, env), startWorker(url, env)];
    children.push(...workers);
    const reports = workers.map(readLog);
    await waitFor(async () => (await expiredEvents()) >= ids.length, 90_000, "two workers to expire 1,000 grants");
    for (const worker of workers) worker.kill("SIGTERM");
    for (const worker of workers) expect((await exited(worker)).code).toBe(0);

    const perGrant = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "grant.expired"), inArray(auditEvents.grantId, ids)))
      .groupBy(auditEvents.grantId);
    expect(perGrant).toHaveLength(1000);
    expect(perGrant.every((row) => row.n === 1)).toBe(true);
    const statuses = await db.select({ status: grants.status, n: sql<number>`count(*)::int` }).from(grants).where(inArray(grants.id, ids)).groupBy(grants.status);
    expect(statuses).toEqual([{ status: "expired", n: 1000 }]);
    // Both processes worked: each expired some of the grants, and their counts add up to the
    // thousand (so none was counted by both).
    await Promise.all(reports.map((report) => report.closed));
    const [a, b] = reports;
    expect(a.instanceId).toMatch(new RegExp(`^worker:.+:${workers[0].pid}:`));
    expect(b.instanceId).toMatch(new RegExp(`^worker:.+:${workers[1].pid}:`));
    expect(a.expired).toBeGreaterThan(0);
    expect(b.expired).toBeGreaterThan(0);
    expect(a.expired + b.expired).toBe(1000);
    // And each wrote its own heartbeat during this test (the first test's worker ids are different).
    const beats = await db
      .select({ instanceId: workerHeartbeats.instanceId })
      .from(workerHeartbeats)
      .where(and(inArray(workerHeartbeats.instanceId, [a.instanceId!, b.instanceId!]), gte(workerHeartbeats.lastSweepAt, testStartedAt)));
    expect(beats.map((beat) => beat.instanceId).sort()).toEqual([a.instanceId, b.instanceId].sort());
  }, 150_000);
});
