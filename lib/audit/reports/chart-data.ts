import "server-only";
// The figures behind the auditor's charts, computed in SQL over the filtered record: live
// grants over time, how requests ended per week, revocation lag by bucket, and exceptions
// per resource. The period defaults to the last eight weeks.
import { and, count, desc, eq, inArray, isNotNull, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { accessRequests, grants, resources, users } from "@/db/schema";
import { sqlTime } from "@/db/sql-time";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { filterConditions, grantFilterConditions, type ReportFilter } from "./report-filter";

export interface ChartData {
  from: string;
  to: string;
  liveGrants: { at: string; live: number }[];
  /** Minutes between the live-grant sample points: a grant shorter than this may fall between two. */
  sampleMinutes: number;
  outcomesByWeek: { week: string; approved: number; denied: number; cancelled: number; timedOut: number; pending: number }[];
  lagBuckets: { bucket: string; grants: number }[];
  exceptionsByResource: { resource: string; exceptions: number }[];
}

const DAY_MS = 86_400_000;
export const LAG_BUCKETS = ["< 1 s", "1–5 s", "5–30 s", "30 s–1 min", "1–5 min", "> 5 min"] as const;


/**
 * How many grants were live at each sample point from `from` to `to`, every `stepMinutes`. A
 * grant is live at t when issued ≤ t < its end (expiry, revoke decision or ending, whichever
 * came first). One pass over the grants of the period rather than a count per point: each grant
 * adds one at the first point at or after its issue and takes one away at the first point at or
 * after its end, and a running sum gives the series.
 */
async function liveGrantSeries(deps: Pick<Deps, "db">, grantScope: SQL, from: Date, to: Date, stepMinutes: number): Promise<ChartData["liveGrants"]> {
  const stepSeconds = stepMinutes * 60;
  const points = Math.floor((to.getTime() - from.getTime()) / (stepSeconds * 1000)) + 1;
  const fromSql = sqlTime(from);
  const bucket = (at: SQL) => sql`ceil(extract(epoch from (${at} - ${fromSql})) / ${stepSeconds})::int`;
  const deltas = rowsOf<{ k: number | string; d: number | string }>(
    await deps.db.execute(sql`
      with spans as (
        select ${grants.issuedAt} as s,
               least(${grants.expiresAt}, coalesce(${grants.revokeRequestedAt}, ${grants.expiresAt}), coalesce(${grants.endedAt}, ${grants.expiresAt})) as e
          from ${grants}
          join ${resources} on ${resources.id} = ${grants.resourceId}
          join ${users} on ${users.id} = ${grants.principalUserId}
         where ${grantScope} and ${grants.issuedAt} <= ${sqlTime(to)}
      ), overlapping as (select s, e from spans where e > ${fromSql} and s < e)
      select k, sum(d) as d from (
        select greatest(0, ${bucket(sql`s`)}) as k, 1 as d from overlapping
        union all
        select ${bucket(sql`e`)} as k, -1 as d from overlapping
      ) steps where k < ${points} group by k`),
  );
  const change = new Array<number>(points).fill(0);
  for (const row of deltas) change[Number(row.k)] += Number(row.d);
  let running = 0;
  return change.map((d, k) => {
    running += d;
    return { at: new Date(from.getTime() + k * stepSeconds * 1000).toISOString(), live: running };
  });
}

export async function getChartData(actor: UserActor, filter: ReportFilter, deps: Pick<Deps, "db" | "clock">): Promise<ChartData> {
  authorize(actor, "audit.read");
  const now = deps.clock();
  const to = filter.to && filter.to < now ? filter.to : now;
  const from = filter.from ?? new Date(to.getTime() - 56 * DAY_MS);
  // Sample the live count often enough to show a day's rhythm, never more than ~200 points.
  const stepMinutes = Math.max(60, Math.ceil((to.getTime() - from.getTime()) / 60_000 / 200 / 60) * 60);
  const scoped = { ...filter, from: null, to: null };
  const grantScope = grantFilterConditions(scoped) ?? sql`true`;

  const week = sql<string>`to_char(date_trunc('week', ${accessRequests.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const [live, outcomes, lags, exceptions] = await Promise.all([
    liveGrantSeries(deps, grantScope, from, to, stepMinutes),
    deps.db
      .select({ week, status: accessRequests.status, n: count() })
      .from(accessRequests)
      .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
      .innerJoin(users, eq(users.id, accessRequests.requesterUserId))
      .where(filterConditions({ ...filter, from, to }, { at: accessRequests.createdAt, resourceId: accessRequests.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: users.email }))
      .groupBy(week, accessRequests.status)
      .orderBy(week),
    deps.db
      .select({
        bucket: sql<string>`case
          when lag_ms < 1000 then ${LAG_BUCKETS[0]} when lag_ms < 5000 then ${LAG_BUCKETS[1]} when lag_ms < 30000 then ${LAG_BUCKETS[2]}
          when lag_ms < 60000 then ${LAG_BUCKETS[3]} when lag_ms < 300000 then ${LAG_BUCKETS[4]} else ${LAG_BUCKETS[5]} end`,
        n: count(),
      })
      .from(
        deps.db
          .select({ lagMs: sql<number>`date_part('epoch', ${grants.endedAt} - least(${grants.expiresAt}, coalesce(${grants.revokeRequestedAt}, ${grants.expiresAt}))) * 1000`.as("lag_ms") })
          .from(grants)
          .innerJoin(resources, eq(resources.id, grants.resourceId))
          .innerJoin(users, eq(users.id, grants.principalUserId))
          .where(and(grantFilterConditions({ ...filter, from, to }), inArray(grants.status, ["expired", "revoked"]), isNotNull(grants.issuedAt), isNotNull(grants.endedAt)))
          .as("lags"),
      )
      .groupBy(sql`1`),
    deps.db
      .select({ resource: resources.name, n: count() })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .where(and(eq(grants.breakGlass, true), grantFilterConditions({ ...filter, from, to })))
      .groupBy(resources.name)
      .orderBy(desc(count()))
      .limit(12),
  ]);

  const weeks = new Map<string, ChartData["outcomesByWeek"][number]>();
  for (const row of outcomes) {
    const entry = weeks.get(row.week) ?? { week: row.week, approved: 0, denied: 0, cancelled: 0, timedOut: 0, pending: 0 };
    const key = row.status === "timed_out" ? "timedOut" : row.status;
    entry[key] += row.n;
    weeks.set(row.week, entry);
  }
  const lagCounts = new Map(lags.map((l) => [l.bucket, l.n]));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    liveGrants: live,
    sampleMinutes: stepMinutes,
    outcomesByWeek: [...weeks.values()],
    lagBuckets: LAG_BUCKETS.map((bucket) => ({ bucket, grants: lagCounts.get(bucket) ?? 0 })),
    exceptionsByResource: exceptions.map((e) => ({ resource: e.resource, exceptions: e.n })),
  };
}
