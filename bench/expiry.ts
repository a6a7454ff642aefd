// Deterministic expiry at scale: many live grants made due in the same second, among the
// 100,000 live ones, then ended by real worker processes (`npm run worker`), as deployed.
// Measured from the database: when each grant was ended (ended_at) against its expires_at.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { openPostgres } from "@/db/client";
import { users } from "@/db/schema";
import { eq } from "drizzle-orm";
import { loadUserActor } from "@/lib/auth/load-actor";
import { defaultConnectors } from "@/lib/connectors/registry";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { roleNameFor } from "@/lib/connectors/postgres-role";
import { startPgTarget, type PgTarget } from "@/test/pg-target";
import { BENCH, databaseUrl } from "./config";
import { percentile } from "./stats";

export interface ExpiryFigures {
  connector: string;
  due: number;
  workers: number;
  intervalMs: number;
  /** From the moment they fell due until the last was ended (expired, revoke verified). */
  allEndedSeconds: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  endedOnce: boolean;
  eventsPerGrant: number;
  /** Ends per second once the sweep is under way. */
  perSecond: number;
}

function startWorkers(count: number, intervalMs: number, env: Record<string, string>): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "lib/worker/worker-main.ts"], {
      stdio: ["ignore", process.env.BENCH_DEBUG ? "inherit" : "ignore", "inherit"],
      env: { ...process.env, DATABASE_URL: databaseUrl(), NEXTAUTH_SECRET: BENCH.secret, LAPSE_WORKER_INTERVAL_MS: String(intervalMs), LOG_LEVEL: "warn", ...env },
    }),
  );
}

async function stopWorkers(workers: ChildProcess[]) {
  await Promise.all(
    workers.map((worker) => {
      if (worker.exitCode !== null) return Promise.resolve();
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.kill("SIGTERM");
      return exited;
    }),
  );
}

/** Waits until none of `ids` is still active, then reads how and when each ended. */
async function measure(sql: postgres.Sql, ids: string[], dueAt: Date, connector: string, workers: number, intervalMs: number, timeoutMs: number): Promise<ExpiryFigures> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ left }] = await sql<{ left: number }[]>`select count(*)::int as left from grants where id = any(${ids}::uuid[]) and status <> 'expired'`;
    if (left === 0) break;
    if (Date.now() > deadline) throw new Error(`${left} of ${ids.length} grants were still not expired after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const rows = await sql<{ lag: number; ended_at: Date }[]>`select (extract(epoch from ended_at - expires_at) * 1000)::float8 as lag, ended_at from grants where id = any(${ids}::uuid[])`;
  const [{ events, grants }] = await sql<{ events: number; grants: number }[]>`
    select count(*)::int as events, count(distinct grant_id)::int as grants from audit_events where action = 'grant.expired' and grant_id = any(${ids}::uuid[])`;
  const lags = rows.map((r) => r.lag).sort((a, b) => a - b);
  const ends = rows.map((r) => r.ended_at.getTime()).sort((a, b) => a - b);
  const span = (ends[ends.length - 1] - ends[0]) / 1000;
  return {
    connector,
    due: ids.length,
    workers,
    intervalMs,
    allEndedSeconds: (ends[ends.length - 1] - dueAt.getTime()) / 1000,
    lagP50Ms: percentile(lags, 50),
    lagP99Ms: percentile(lags, 99),
    lagMaxMs: lags[lags.length - 1],
    endedOnce: events === ids.length && grants === ids.length,
    eventsPerGrant: events / ids.length,
    perSecond: span > 0 ? ids.length / span : ids.length,
  };
}

/** The next whole second at least `leadMs` away: every chosen grant falls due at that instant. */
const nextSecond = (leadMs: number) => new Date(Math.ceil((Date.now() + leadMs) / 1000) * 1000);

export async function expireRecordOnly(count: number, workers: number, intervalMs: number): Promise<ExpiryFigures> {
  const sql = postgres(databaseUrl(), { max: 2, onnotice: () => {} });
  const processes: ChildProcess[] = [];
  try {
    const dueAt = nextSecond(8_000);
    // Ten thousand of the live grants, picked at random, all due at the same second.
    const chosen = await sql<{ id: string }[]>`
      update grants set expires_at = ${dueAt} where id in (
        select id from grants where status = 'active' and connector_kind = 'record-only' and expires_at > ${new Date(Date.now() + 3_600_000)} order by random() limit ${count})
      returning id`;
    processes.push(...startWorkers(workers, intervalMs, {}));
    return await measure(sql, chosen.map((g) => g.id), dueAt, "record-only", workers, intervalMs, 300_000);
  } finally {
    await stopWorkers(processes);
    await sql.end();
  }
}

/**
 * The PostgreSQL role connector against a throwaway password-auth server: each grant is a real
 * login role there (created in bulk beforehand, as issuance would have), and each revoke logs
 * in as the admin, ends sessions and drops the role; verify reads pg_roles back.
 */
export async function expirePostgresRoles(count: number, workers: number, intervalMs: number): Promise<ExpiryFigures> {
  process.env.NEXTAUTH_SECRET = BENCH.secret;
  process.env.LAPSE_ALLOW_PRIVATE_TARGETS = "1";
  const sql = postgres(databaseUrl(), { max: 2, onnotice: () => {} });
  const handle = await openPostgres(databaseUrl(), { max: 2 });
  let target: PgTarget | undefined;
  const processes: ChildProcess[] = [];
  try {
    target = await startPgTarget();
    const admin = target.admin();
    await admin`create role bench_readers nologin`;
    const [{ id: adminId }] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "admin@lapse.test"));
    const actor = (await loadUserActor(handle.db, adminId, new Date()))!;
    const [resource] = await sql<{ id: string; policy: string; holder: string }[]>`
      select r.id, p.id as policy, (select id from users where email like '%@bench.test' order by email limit 1) as holder
      from resources r join policies p on p.resource_id = r.id where r.slug = 'bench-1'`;
    // A resource of its own on the role connector, so the noop resources are unaffected; a fresh
    // one each run (the target server is a new one too), so `npm run bench -- expiry` can be repeated.
    const slug = `bench-pg-roles-${randomUUID().slice(0, 8)}`;
    const [pg] = await sql<{ id: string }[]>`insert into resources (slug, name, kind, description, owner_team_id, connector_kind, created_at)
      select ${slug}, ${`Bench PostgreSQL roles ${slug.slice(-8)}`}, 'database', 'Role connector benchmark', owner_team_id, 'record-only', now() from resources where id = ${resource.id}
      returning id`;
    await saveConnectorConfig(
      actor,
      {
        resourceId: pg.id,
        kind: "postgres-role",
        settings: { host: target.host, port: target.port, database: "postgres", adminUser: "postgres", ssl: "disable", levelRoles: { read: "bench_readers" } },
        secrets: { adminPassword: target.password },
        revision: 0,
      },
      { db: handle.db, clock: () => new Date(), connectors: defaultConnectors },
    );
    const dueAt = nextSecond(20_000);
    const ids = Array.from({ length: count }, () => randomUUID());
    // The roles issuance would have made: LOGIN, VALID UNTIL the expiry, member of the level's role.
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500).map((id) => roleNameFor(id));
      await admin.unsafe(batch.map((role) => `create role ${role} login password 'bench-unused' valid until '${dueAt.toISOString()}' in role bench_readers;`).join("\n"));
    }
    await admin.end();
    const issuedAt = new Date();
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = ids.slice(i, i + 1000);
      const requestIds = batch.map(() => randomUUID());
      await sql`insert into access_requests (id, resource_id, policy_id, decided_policy_id, requester_user_id, access_level, duration_minutes, status, approvals_required, created_at, updated_at, decided_at)
        select unnest(${requestIds}::uuid[]), ${pg.id}, ${resource.policy}, ${resource.policy}, ${resource.holder}, 'read', 1, 'approved', 0, ${issuedAt}, ${issuedAt}, ${issuedAt}`;
      await sql`insert into grants (id, request_id, resource_id, principal_user_id, access_level, duration_minutes, connector_kind, status, issued_at, expires_at, issue_attempts, created_at)
        select unnest(${batch}::uuid[]), unnest(${requestIds}::uuid[]), ${pg.id}, ${resource.holder}, 'read', 1, 'postgres-role', 'active', ${issuedAt}, ${dueAt}, 1, ${issuedAt}`;
    }
    processes.push(...startWorkers(workers, intervalMs, { LAPSE_ALLOW_PRIVATE_TARGETS: "1" }));
    const figures = await measure(sql, ids, dueAt, "postgres-role", workers, intervalMs, 900_000);
    const check = target.admin();
    const [{ left }] = await check<{ left: number }[]>`select count(*)::int as left from pg_roles where rolname like 'lapse\\_%'`;
    await check.end();
    if (left !== 0) throw new Error(`${left} roles are still on the target after every grant expired`);
    return figures;
  } finally {
    await stopWorkers(processes);
    target?.destroy();
    await handle.close();
    await sql.end();
  }
}
