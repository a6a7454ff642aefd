import "server-only";
// One database client per process: PGlite in a local folder when DATABASE_URL is absent,
// PostgreSQL through postgres.js otherwise. Migrations (and, on the embedded database,
// the demo data) are applied when the client is first opened.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { lockDataDir } from "./data-dir-lock";
import { installControlCatalogue } from "@/lib/controls/install-catalogue";
import { seedDemoData } from "./seed";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;
export type DbKind = "pglite" | "postgresql";

export interface DbHandle {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
// Arbitrary constant shared by every Lapse instance: only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 724_151_001;

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.LAPSE_DATA_DIR || ".data");
}

/** Opens PGlite in `dir`, or in memory when `dir` is undefined (tests). */
export async function openPglite(dir?: string): Promise<DbHandle> {
  let release = () => {};
  let client: PGlite;
  if (dir) {
    fs.mkdirSync(dir, { recursive: true });
    release = lockDataDir(dir);
    client = new PGlite(path.join(/*turbopackIgnore: true*/ dir, "pgdata"));
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db,
    kind: "pglite",
    async close() {
      await client.close();
      release();
    },
  };
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DbHandle> {
  const client = postgres(url, {
    max: options.max ?? Number(process.env.LAPSE_DB_POOL_MAX ?? 10),
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  // drizzle's migrator takes no lock; several instances starting at once must not race.
  const lockConnection = await client.reserve();
  try {
    await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    lockConnection.release();
  }
  return { db, kind: "postgresql", close: () => client.end({ timeout: 5 }) };
}

export function openConfiguredDb(): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url) : openPglite(dataDir());
}

const globalForDb = globalThis as unknown as { __lapseDb?: Promise<DbHandle> };

/**
 * The process's database. Next bundles modules separately for instrumentation, route
 * handlers and pages, so the client lives on globalThis: two PGlite instances on one
 * folder would diverge.
 */
export function getDbHandle(): Promise<DbHandle> {
  globalForDb.__lapseDb ??= openConfiguredDb().then(async (handle) => {
    // The framework control catalogue ships with Lapse; installed once, then the admins' to edit.
    await installControlCatalogue(handle.db, new Date());
    // Demo accounts exist on the embedded database; on PostgreSQL only when asked for.
    if (handle.kind === "pglite" || process.env.LAPSE_DEMO === "1") {
      await seedDemoData(handle.db, new Date());
    }
    return handle;
  });
  return globalForDb.__lapseDb;
}
