// Builds Lapse's production bundle when it is missing or was made from other sources.
// Used by `npm start` and by the e2e runner (which builds once for several servers).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = process.cwd();
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

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

export function ensureBuild() {
  const sourceHash = hashSources();
  if (!needsBuild(sourceHash)) return;
  console.log("Building Lapse (production build)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(STAMP, sourceHash);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuild();
