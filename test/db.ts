// Real databases for integration tests: PGlite always, PostgreSQL when TEST_DATABASE_URL
// is set (each suite gets a database of its own, dropped afterwards).
import fs from "node:fs";
import { afterAll, beforeAll } from "vitest";
import { randomBytes } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import postgres from "postgres";
import { openPostgres, type Db, type DbHandle, type DbKind } from "@/db/client";
import { runBeforeCommitHooks } from "@/db/before-commit";
import * as schema from "@/db/schema";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** The engines integration suites run on. */
export const ENGINES: DbKind[] = TEST_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];

async function openPgliteFromTemplate(): Promise<DbHandle> {
  const template = process.env.LAPSE_TEST_PGLITE_TEMPLATE;
  if (!template) throw new Error("test/global-setup.ts did not run");
  const client = new PGlite({ loadDataDir: new Blob([fs.readFileSync(template)]) });
  await client.waitReady;
  // Wrapped as db/client.ts wraps the app's database, so transactions behave as they do there.
  return { db: runBeforeCommitHooks(drizzle({ client, schema }) as unknown as Db), kind: "pglite", close: () => client.close() };
}

export async function openPostgresTestDb(options: { max?: number } = {}): Promise<DbHandle> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `lapse_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), options);
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function openTestDb(kind: DbKind): Promise<DbHandle> {
  return kind === "pglite" ? openPgliteFromTemplate() : openPostgresTestDb();
}

/** Opens a database of `kind` before the suite's tests and closes it after; call the result to reach it. */
export function useTestDb(kind: DbKind, open: (kind: DbKind) => Promise<DbHandle> = openTestDb): () => DbHandle {
  let handle: DbHandle | undefined;
  beforeAll(async () => {
    handle = await open(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error("the test database is not open yet");
    return handle;
  };
}
