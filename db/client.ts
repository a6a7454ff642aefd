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
import { preparePostgresQueries } from "./prepared-statements";
import { runBeforeCommitHooks } from "./before-commit";
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
  const db = runBeforeCommitHooks(drizzlePglite({ client, schema }) as unknown as Db);
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

export interface PostgresOptions {
  max?: number;
  /**
   * A more privileged connection (the schema owner's) used only to migrate. When set, the
   * app's own role is given what it needs and no more: on the audit tables INSERT and SELECT
   * only, so even a compromised app can neither rewrite history nor disable the triggers
   * (only the owner may ALTER a table).
   */
  migrationUrl?: string;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<DbHandle> {
  const client = postgres(url, {
    max: options.max ?? Number(process.env.LAPSE_DB_POOL_MAX ?? 10),
    onnotice: () => {},
  });
  const db = runBeforeCommitHooks(drizzlePostgres({ client: preparePostgresQueries(client), schema }) as unknown as Db);
  try {
    if (options.migrationUrl) {
      const [{ appRole }] = await client<{ appRole: string }[]>`select current_user as "appRole"`;
      await migrateAs(options.migrationUrl, appRole);
    } else {
      await migrateWith(client, db);
    }
  } catch (error) {
    await client.end({ timeout: 5 });
    throw error;
  }
  return { db, kind: "postgresql", close: () => client.end({ timeout: 5 }) };
}

/** Runs the migrations under the cross-instance advisory lock. */
async function migrateWith(client: postgres.Sql, db: Db, afterMigrate?: (lock: postgres.ReservedSql) => Promise<void>) {
  // drizzle's migrator takes no lock; several instances starting at once must not race.
  const lockConnection = await client.reserve();
  try {
    await lockConnection`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    await afterMigrate?.(lockConnection);
  } finally {
    await lockConnection`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    lockConnection.release();
  }
}

/** Tables whose rows are evidence (the chain, its checkpoints, every decision): the app may add and read them, never change or remove them. */
const APPEND_ONLY_TABLES = ["audit_events", "audit_checkpoints", "approvals", "extension_approvals"];

async function migrateAs(migrationUrl: string, appRole: string) {
  // Two connections: one holds the advisory lock while the migrator uses the other.
  const owner = postgres(migrationUrl, { max: 2, onnotice: () => {} });
  try {
    const ownerDb = drizzlePostgres({ client: owner, schema }) as unknown as Db;
    await migrateWith(owner, ownerDb, async (sql) => {
      const [{ ownerRole }] = await sql<{ ownerRole: string }[]>`select current_user as "ownerRole"`;
      // Least privilege that silently does nothing is worse than none: say so and refuse to start.
      if (ownerRole === appRole) {
        throw new Error(`MIGRATION_DATABASE_URL and DATABASE_URL are the same role (${appRole}): give the app a role of its own, or unset MIGRATION_DATABASE_URL.`);
      }
      const owned = await sql<{ table: string }[]>`select tablename as "table" from pg_tables where schemaname = 'public' and tableowner = ${appRole} and tablename = any(${APPEND_ONLY_TABLES})`;
      if (owned.length) {
        throw new Error(
          `The app role ${appRole} owns ${owned.map((o) => o.table).join(", ")}, so it could switch their triggers off: run ALTER TABLE … OWNER TO ${ownerRole} for each, then start again.`,
        );
      }
      // Re-granted after every migration, so tables added later are covered too.
      await sql`grant usage on schema public to ${sql(appRole)}`;
      await sql`grant select, insert, update, delete on all tables in schema public to ${sql(appRole)}`;
      await sql`grant usage, select on all sequences in schema public to ${sql(appRole)}`;
      for (const table of APPEND_ONLY_TABLES) {
        await sql`revoke update, delete, truncate, references, trigger on ${sql(table)} from ${sql(appRole)}`;
      }
    });
  } finally {
    await owner.end({ timeout: 5 });
  }
}

export function openConfiguredDb(): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  return url ? openPostgres(url, { migrationUrl: process.env.MIGRATION_DATABASE_URL || undefined }) : openPglite(dataDir());
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
