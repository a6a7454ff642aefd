// A server for the Playwright tests: the production build (built beforehand by
// `npm run test:e2e`), on its own port, with a fresh database seeded with the demo data and
// a fast worker so expiry shows quickly. E2E_DATABASE=postgresql runs it on a new database
// on the PostgreSQL server of TEST_DATABASE_URL instead of the embedded one.
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";

const kind = process.env.E2E_DATABASE || "embedded";
const dataDir = path.resolve(process.env.LAPSE_DATA_DIR || `.data/e2e-${kind}`);
fs.rmSync(dataDir, { recursive: true, force: true });
process.env.LAPSE_DATA_DIR = dataDir;
process.env.PORT ||= "3100";
process.env.LAPSE_WORKER_INTERVAL_MS ||= "1000";
// The specs sign each role in once (e2e/auth.setup.ts) and reuse the session for the whole run,
// which lasts longer than the 10-minute step-up window: count those sign-ins as recent for the
// run. e2e/step-up.spec.ts checks the "Confirm it's you" page itself.
process.env.LAPSE_STEP_UP_MINUTES ||= "720";
process.env.LAPSE_SKIP_BUILD = "1";
// Resource servers authenticate to token introspection with this (e2e/connectors.spec.ts).
process.env.LAPSE_INTROSPECTION_SECRET ||= "e2e-introspection-secret-0123456789abcdef";

if (kind === "postgresql") {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error("E2E_DATABASE=postgresql needs TEST_DATABASE_URL");
  // One database per port, so checkouts running side by side do not drop each other's.
  const name = process.env.PORT === "3101" ? "lapse_e2e" : `lapse_e2e_${Number(process.env.PORT)}`;
  const sql = postgres(admin, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.LAPSE_DEMO = "1";
}

await import("./start.mjs");
