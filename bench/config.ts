// What the benchmark runs against and how big it is. Every figure in RESULTS.md comes from
// one `npm run bench`; BENCH_SCALE shrinks the data (0.1 = a tenth) for a quick look.
import os from "node:os";

const scale = Number(process.env.BENCH_SCALE || 1);
const scaled = (n: number) => Math.max(1, Math.round(n * scale));

export const BENCH = {
  scale,
  /** The PostgreSQL server's admin URL; the bench creates (and recreates) its own database on it. */
  adminUrl: process.env.BENCH_ADMIN_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test",
  database: process.env.BENCH_DATABASE || "lapse_bench",
  port: Number(process.env.BENCH_PORT || 3900),
  users: scaled(2_000),
  resources: scaled(50),
  workloads: 64,
  endedGrants: scaled(100_000),
  liveGrants: scaled(100_000),
  auditEvents: scaled(1_000_000),
  dueAtOnce: scaled(10_000),
  roleConnectorDue: scaled(2_000),
  /** Seconds each autocannon run lasts. */
  loadSeconds: Number(process.env.BENCH_LOAD_SECONDS || 15),
  secret: "bench-nextauth-secret-0123456789abcdef0123456789",
} as const;

export function databaseUrl(): string {
  const url = new URL(BENCH.adminUrl);
  url.pathname = `/${BENCH.database}`;
  return url.toString();
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
