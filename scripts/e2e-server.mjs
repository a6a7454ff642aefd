// The server Playwright tests run against: the production build, on its own port, with a
// fresh embedded database (seeded with the demo data) and a fast worker so expiry shows quickly.
import fs from "node:fs";
import path from "node:path";

const dataDir = path.resolve(process.env.LAPSE_DATA_DIR || ".data/e2e");
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.LAPSE_DATA_DIR = dataDir;
process.env.PORT ||= "3100";
process.env.LAPSE_WORKER_INTERVAL_MS ||= "1000";
await import("./start.mjs");
