// `npm start`: serve Lapse's production build on http://localhost:$PORT (default 3000),
// building it first when it is missing or older than the sources. Without DATABASE_URL
// the server runs on the embedded database in LAPSE_DATA_DIR, which it migrates and seeds.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = process.cwd();
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

// What the build is made from. A content hash, not modification times: `npm install` and
// `git checkout` touch files without changing them, and must not force a rebuild.
const SOURCES = ["app", "components", "lib", "db", "types", "proxy.ts", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const STAMP = path.join(root, ".next", "lapse-source-hash");

function hashSources() {
  const hash = createHash("sha256");
  const visit = (entry) => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry).sort()) visit(path.join(entry, name));
    } else {
      hash.update(path.relative(root, entry)).update("\0").update(fs.readFileSync(entry)).update("\0");
    }
  };
  SOURCES.forEach((entry) => visit(path.join(root, entry)));
  return hash.digest("hex");
}

function needsBuild(sourceHash) {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return true;
  return !fs.existsSync(STAMP) || fs.readFileSync(STAMP, "utf8") !== sourceHash;
}

refuseIfDataDirInUse();
ensureSecret();
const sourceHash = hashSources();
if (needsBuild(sourceHash)) {
  console.log("Building Lapse (production build)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(STAMP, sourceHash);
}

console.log(`Starting Lapse on ${process.env.NEXTAUTH_URL} (${process.env.DATABASE_URL ? "PostgreSQL" : `embedded database in ${dataDir}`})`);
const server = spawn(process.execPath, [nextBin, "start", "-p", port], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
