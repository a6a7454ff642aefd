// Builds one migrated PGlite database and saves it as a template, so each test file
// loads a copy in about half a second instead of running initdb and every migration.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

export default async function setup() {
  const client = new PGlite();
  await migrate(drizzle({ client }), { migrationsFolder: path.join(__dirname, "..", "db", "migrations") });
  const dump = await client.dumpDataDir("none");
  await client.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lapse-test-")), "template.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.LAPSE_TEST_PGLITE_TEMPLATE = file;
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
