// Lapse's production build, started for a benchmark on the bench database, and the memory
// its process tree holds (read from /proc, so the figure includes Next's worker processes).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { BENCH, databaseUrl } from "./config";

export interface BenchServer {
  url: string;
  process: ChildProcess;
  rssBytes(): number;
  stop(): Promise<void>;
}

export function ensureProductionBuild(): void {
  const result = spawnSync(process.execPath, ["-e", "import('./scripts/build-if-needed.mjs').then((m) => m.ensureBuild())"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the production build failed");
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command may contain spaces and parentheses: the fields after the last ")" are fixed.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function treeRssBytes(pid: number): number {
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const current = stack.pop()!;
    try {
      const status = fs.readFileSync(`/proc/${current}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      continue;
    }
    stack.push(...children(current));
  }
  return total;
}

const SERVER_LOG = "bench/.server.log";

export async function startServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const url = `http://127.0.0.1:${BENCH.port}`;
  // A server left over from an interrupted run would answer the health check and be measured instead.
  const stale = await fetch(`${url}/api/health`).then(() => true, () => false);
  if (stale) throw new Error(`something already answers on ${url}; stop it (or set BENCH_PORT) and run again`);
  // The server's own messages go to a file: autocannon ending a run mid-request makes Next
  // log every aborted socket, which would bury the results table.
  const serverLog = fs.openSync(SERVER_LOG, "a");
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: ["ignore", serverLog, serverLog],
    env: {
      ...process.env,
      PORT: String(BENCH.port),
      DATABASE_URL: databaseUrl(),
      NEXTAUTH_SECRET: BENCH.secret,
      NEXTAUTH_URL: url,
      LAPSE_SKIP_BUILD: "1",
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      // Measured separately (bench/expiry.ts): no background sweep competes with the load.
      LAPSE_WORKER: "off",
      ...env,
    },
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} (see ${SERVER_LOG})`);
    try {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error("the server did not start within 2 minutes");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return {
    url,
    process: child,
    rssBytes: () => treeRssBytes(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
