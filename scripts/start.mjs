// `npm start`: serve Lapse's production build on http://localhost:$PORT (default 3000),
// building it first when it is missing or was built from other sources. Without DATABASE_URL
// the server runs on the embedded database in LAPSE_DATA_DIR, which it migrates and seeds.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ensureBuild } from "./build-if-needed.mjs";

const require = createRequire(import.meta.url);
const nextBin = require.resolve("next/dist/bin/next");

const port = process.env.PORT || "3000";
process.env.PORT = port;
process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED ||= "1";
const dataDir = path.resolve(process.env.LAPSE_DATA_DIR || ".data");

function refuseIfDataDirInUse() {
  if (process.env.DATABASE_URL) return;
  const lock = path.join(dataDir, "lapse.lock");
  if (!fs.existsSync(lock)) return;
  const pid = Number.parseInt(fs.readFileSync(lock, "utf8"), 10);
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale lock from a process that died; the server will take it over
  }
  console.error(`Lapse is already running on the embedded database in ${dataDir} (process ${pid}).`);
  console.error("Stop it first, or set LAPSE_DATA_DIR to another folder, or use PostgreSQL (DATABASE_URL).");
  process.exit(1);
}

// Sessions are signed with NEXTAUTH_SECRET. When none is given, one is generated once and
// kept in the data folder, so sessions survive restarts. Several instances must share one.
function ensureSecret() {
  if (process.env.NEXTAUTH_SECRET) return;
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "nextauth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  process.env.NEXTAUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

refuseIfDataDirInUse();
ensureSecret();
// The e2e runner builds once before starting several servers on the same build.
if (process.env.LAPSE_SKIP_BUILD !== "1") ensureBuild();

console.log(`Starting Lapse on ${process.env.NEXTAUTH_URL} (${process.env.DATABASE_URL ? "PostgreSQL" : `embedded database in ${dataDir}`})`);
// The hook appends the socket's address to X-Forwarded-For, which Next leaves to the client
// whenever the client sends one (scripts/peer-address-hook.mjs, lib/http/client-address.ts).
const peerHook = new URL("./peer-address-hook.mjs", import.meta.url).href;
const server = spawn(process.execPath, ["--import", peerHook, nextBin, "start", "-p", port], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
