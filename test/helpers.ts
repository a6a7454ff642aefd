// Small readers tests use to assert outcomes in the database.
import { asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { accessRequests, approvals, auditEvents, grants } from "@/db/schema";
import { ServiceError, type ServiceErrorCode } from "@/lib/errors";

export async function eventsFor(db: Db, requestId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)).orderBy(asc(auditEvents.seq));
}

export async function actionsFor(db: Db, requestId: string) {
  return (await eventsFor(db, requestId)).map((e) => e.action);
}

export async function grantFor(db: Db, requestId: string) {
  const [grant] = await db.select().from(grants).where(eq(grants.requestId, requestId));
  return grant;
}

export async function requestById(db: Db, requestId: string) {
  const [request] = await db.select().from(accessRequests).where(eq(accessRequests.id, requestId));
  return request;
}

export async function tableCounts(db: Db) {
  const [[r], [a], [g], [e]] = await Promise.all([
    db.select({ n: count() }).from(accessRequests),
    db.select({ n: count() }).from(approvals),
    db.select({ n: count() }).from(grants),
    db.select({ n: count() }).from(auditEvents),
  ]);
  return { requests: r.n, approvals: a.n, grants: g.n, events: e.n };
}

/** Every row of every table, as a digest per table: a refused call must change none of them (an UPDATE included, which counts miss). */
export async function databaseFingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await rowsOfQuery<{ name: string }>(db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const parts = tables.map(({ name }) => `select '${name}' as name, count(*)::text || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${name}" t`);
  const digests = await rowsOfQuery<{ name: string; digest: string }>(db, sql.raw(parts.join(" union all ")));
  return Object.fromEntries(digests.map((d) => [d.name, d.digest]));
}

async function rowsOfQuery<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

/** Awaits `promise`, expecting a ServiceError with `code`; returns it for further checks. */
export async function expectServiceError(promise: Promise<unknown>, code: ServiceErrorCode): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ServiceError && error.code === code) return error;
    throw new Error(`expected ServiceError(${code}), got ${error instanceof ServiceError ? `ServiceError(${error.code}): ${error.message}` : String(error)}`);
  }
  throw new Error(`expected ServiceError(${code}), but the call succeeded`);
}

/** The database's own message behind drizzle's "Failed query" wrapper. */
export function databaseMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  return String(current?.message ?? error);
}
