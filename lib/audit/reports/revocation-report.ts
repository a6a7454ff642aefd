import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Evidence report: revocation on schedule. For grants in the filter that have ended, the lag
// between when access had to end and when the connector confirmed it (percentiles computed
// in SQL), how many ended on time, and the grants whose revocation is overdue right now. As
// an export, one row per grant that had to end by now: ended ones with their lag, overdue
// ones with how long they are overdue and the last error; the figures open the file.
import { and, asc, desc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { grants, resources, users } from "@/db/schema";
import { sqlTime } from "@/db/sql-time";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import type { Cell, PagedReport } from "./export-report";
import { afterCursor, cursorOf } from "./keyset";
import { grantFilterConditions, type ReportFilter } from "./report-filter";

/** A revocation confirmed within this long after its due time counts as on schedule. */
export const ON_TIME_MS = 60_000;

export interface RevocationSummary {
  ended: number;
  onTime: number;
  lagMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
}

export interface OverdueGrant {
  grantId: string;
  resource: string;
  holder: string;
  dueAt: string;
  overdueMs: number;
  attempts: number;
  lastError: string | null;
}

/** SQL: when a grant's access had to end (its expiry, or an earlier decision to end it). */
const dueSql = sql`least(${grants.expiresAt}, coalesce(${grants.revokeRequestedAt}, ${grants.expiresAt}))`;
// date_part gives a float8, which aggregates over a hundred thousand grants in half the time
// extract's numeric does; times are whole milliseconds, so rounding loses nothing.
const lagMsSql = sql`round(date_part('epoch', ${grants.endedAt} - ${dueSql}) * 1000)`;

/** Ended after having been issued: there was access to take away, and it was. */
const endedSql = () => and(inArray(grants.status, ["expired", "revoked"]), isNotNull(grants.issuedAt), isNotNull(grants.endedAt));
/** Still active in the ledger although its time is up or someone ended it: the revocation is overdue. */
const overdueSql = (now: Date) => and(eq(grants.status, "active"), or(sql`${grants.expiresAt} <= ${sqlTime(now)}`, isNotNull(grants.revokeRequestedAt)));

async function readSummary(filter: ReportFilter, deps: Pick<Deps, "db">): Promise<RevocationSummary> {
  const [s] = await deps.db
    .select({
      ended: sql<number>`count(*)::int`,
      onTime: sql<number>`(count(*) filter (where ${lagMsSql} <= ${ON_TIME_MS}))::int`,
      // One sort for all three percentiles (an array of fractions), not one sort each.
      percentiles: sql<(number | string | null)[] | null>`percentile_cont(array[0.5, 0.95, 0.99]::float8[]) within group (order by ${lagMsSql})`,
      max: sql<number | null>`max(${lagMsSql})`,
    })
    .from(grants)
    .innerJoin(resources, eq(resources.id, grants.resourceId))
    .innerJoin(users, eq(users.id, grants.principalUserId))
    .where(and(grantFilterConditions(filter), endedSql()));
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  const [p50, p95, p99] = s.percentiles ?? [null, null, null];
  return { ended: s.ended, onTime: s.onTime, lagMs: { p50: num(p50), p95: num(p95), p99: num(p99), max: num(s.max) } };
}

export async function getRevocationReport(
  actor: UserActor,
  filter: ReportFilter,
  deps: Pick<Deps, "db" | "clock">,
): Promise<{ summary: RevocationSummary; overdue: OverdueGrant[] }> {
  authorize(actor, "audit.read");
  const now = deps.clock();
  const [summary, overdueRows] = await Promise.all([
    readSummary(filter, deps),
    deps.db
      .select({ grant: grants, resource: resources.name, holder: principalLabel, due: sql<string>`${dueSql}` })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .where(and(grantFilterConditions(filter), overdueSql(now)))
      .orderBy(asc(dueSql))
      .limit(500),
  ]);
  return {
    summary,
    overdue: overdueRows.map(({ grant, resource, holder, due }) => {
      const dueAt = new Date(due);
      return {
        grantId: grant.id,
        resource,
        holder,
        dueAt: dueAt.toISOString(),
        overdueMs: now.getTime() - dueAt.getTime(),
        attempts: grant.revokeAttempts,
        lastError: grant.lastRevokeError,
      };
    }),
  };
}

export interface RevocationRow extends Record<string, Cell> {
  grantId: string;
  createdAt: string;
  resource: string;
  holder: string;
  accessLevel: string;
  status: string;
  issuedAt: string | null;
  expiresAt: string | null;
  /** When access had to end: expires_at, or the moment someone ended it early. */
  dueAt: string;
  endedAt: string | null;
  /** Confirmed revocation minus due time; null while overdue. */
  lagMs: number | null;
  onSchedule: boolean;
  overdue: boolean;
  /** How long past due at export time; null once ended. */
  overdueMs: number | null;
  revokeAttempts: number;
  lastRevokeError: string | null;
  /** When the connector read the target back and found the access gone (where it can). */
  revokeVerifiedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const REVOCATION_REPORT: PagedReport<RevocationRow> = {
  name: "revocation",
  person: "requester",
  columns: [
    "grantId",
    "createdAt",
    "resource",
    "holder",
    "accessLevel",
    "status",
    "issuedAt",
    "expiresAt",
    "dueAt",
    "endedAt",
    "lagMs",
    "onSchedule",
    "overdue",
    "overdueMs",
    "revokeAttempts",
    "lastRevokeError",
    "revokeVerifiedAt",
  ],
  async page(filter, after, limit, deps) {
    const now = deps.clock();
    const rows = await deps.db
      .select({ grant: grants, resource: resources.name, holder: principalLabel, due: sql<string>`${dueSql}` })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .where(and(grantFilterConditions(filter), or(endedSql(), overdueSql(now)) as SQL, afterCursor(after, grants.createdAt, grants.id)))
      .orderBy(desc(grants.createdAt), desc(grants.id))
      .limit(limit + 1);
    return {
      rows: rows.slice(0, limit).map(({ grant, resource, holder, due }) => {
        const dueAt = new Date(due);
        const lagMs = grant.endedAt && grant.status !== "active" ? grant.endedAt.getTime() - dueAt.getTime() : null;
        const overdue = grant.status === "active";
        return {
          grantId: grant.id,
          createdAt: grant.createdAt.toISOString(),
          resource,
          holder,
          accessLevel: grant.accessLevel,
          status: grant.status,
          issuedAt: iso(grant.issuedAt),
          expiresAt: iso(grant.expiresAt),
          dueAt: dueAt.toISOString(),
          endedAt: iso(grant.endedAt),
          lagMs,
          onSchedule: lagMs !== null && lagMs <= ON_TIME_MS,
          overdue,
          overdueMs: overdue ? now.getTime() - dueAt.getTime() : null,
          revokeAttempts: grant.revokeAttempts,
          lastRevokeError: grant.lastRevokeError,
          revokeVerifiedAt: iso(grant.revokeVerifiedAt),
        };
      }),
      next: cursorOf(rows.map(({ grant }) => ({ at: grant.createdAt, id: grant.id })), limit),
    };
  },
  async summary(filter, deps) {
    const now = deps.clock();
    const [summary, [{ overdue }]] = await Promise.all([
      readSummary(filter, deps),
      deps.db
        .select({ overdue: sql<number>`count(*)::int` })
        .from(grants)
        .innerJoin(resources, eq(resources.id, grants.resourceId))
        .innerJoin(users, eq(users.id, grants.principalUserId))
        .where(and(grantFilterConditions(filter), overdueSql(now))),
    ]);
    return { ...summary, onScheduleWithinMs: ON_TIME_MS, overdueNow: overdue };
  },
};
