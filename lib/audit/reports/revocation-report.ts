import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Evidence report: revocation on schedule. For grants in the filter that have ended, the lag
// between when access had to end and when the connector confirmed it (percentiles computed
// in SQL), how many ended on time, and the grants whose revocation is overdue right now.
import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { grants, resources, users } from "@/db/schema";
import { sqlTime } from "@/db/sql-time";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
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
const lagMsSql = sql`(extract(epoch from (${grants.endedAt} - ${dueSql})) * 1000)`;

export async function getRevocationReport(
  actor: UserActor,
  filter: ReportFilter,
  deps: Pick<Deps, "db" | "clock">,
): Promise<{ summary: RevocationSummary; overdue: OverdueGrant[] }> {
  authorize(actor, "audit.read");
  const now = deps.clock();
  const [summaryRows, overdueRows] = await Promise.all([
    deps.db
      .select({
        ended: sql<number>`count(*)::int`,
        onTime: sql<number>`(count(*) filter (where ${lagMsSql} <= ${ON_TIME_MS}))::int`,
        p50: sql<number | null>`percentile_cont(0.5) within group (order by ${lagMsSql})`,
        p95: sql<number | null>`percentile_cont(0.95) within group (order by ${lagMsSql})`,
        p99: sql<number | null>`percentile_cont(0.99) within group (order by ${lagMsSql})`,
        max: sql<number | null>`max(${lagMsSql})`,
      })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .where(and(grantFilterConditions(filter), inArray(grants.status, ["expired", "revoked"]), isNotNull(grants.issuedAt), isNotNull(grants.endedAt))),
    deps.db
      .select({ grant: grants, resource: resources.name, holder: principalLabel, due: sql<string>`${dueSql}` })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .where(
        and(
          grantFilterConditions(filter),
          eq(grants.status, "active"),
          or(sql`${grants.expiresAt} <= ${sqlTime(now)}`, isNotNull(grants.revokeRequestedAt)),
        ),
      )
      .orderBy(asc(dueSql))
      .limit(500),
  ]);
  const [s] = summaryRows;
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    summary: { ended: s.ended, onTime: s.onTime, lagMs: { p50: num(s.p50), p95: num(s.p95), p99: num(s.p99), max: num(s.max) } },
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
