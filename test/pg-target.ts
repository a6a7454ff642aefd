// A throwaway PostgreSQL server with password (scram-sha-256) authentication, the target of
// connector tests: the machine's trust-auth server checks neither passwords nor VALID UNTIL.
// Runs as the postgres user (PostgreSQL refuses root); stop() is a real outage.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

// The newest installed server's binaries (CI starts that version too), not a hard-coded one.
const BIN = (() => {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return path.join(root, versions[0] ?? "15", "bin");
})();

export interface PgTarget {
  host: string;
  port: number;
  password: string;
  start(): void;
  stop(): void;
  destroy(): void;
  admin(database?: string): postgres.Sql;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export const pgBinariesAvailable = () => fs.existsSync(path.join(BIN, "initdb"));

export async function startPgTarget(): Promise<PgTarget> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lapse-pg-target-"));
  const password = randomBytes(12).toString("hex");
  fs.writeFileSync(path.join(dir, "pw"), password);
  execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync("runuser", ["-u", "postgres", "--", path.join(BIN, cmd), ...args], { stdio: "pipe", timeout: 60_000 });
  asPostgres("initdb", ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${path.join(dir, "pw")}`, "--no-sync"]);
  const port = await freePort();
  const start = () =>
    asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-l", path.join(dir, "log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  const stop = () => asPostgres("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
  start();
  return {
    host: "127.0.0.1",
    port,
    password,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
    admin: (database = "postgres") =>
      postgres({ host: "127.0.0.1", port, database, username: "postgres", password, max: 1, onnotice: () => {} }),
  };
}
