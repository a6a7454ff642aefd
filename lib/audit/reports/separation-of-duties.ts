import "server-only";
// Proof of separation of duties: the exact queries that would find a request decided by its
// own requester, or a dual approval resting on fewer than two people, run as shown. Zero is
// the evidence; the query is printed beside it (with its parameters when a filter applies)
// so an auditor can re-run it themselves. As an export, one row per decision recorded on a
// request or an extension, with who asked and who decided; the checks open the file.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { alias, PgDialect, unionAll } from "drizzle-orm/pg-core";
import { accessRequests, approvals, extensionApprovals, extensionRequests, grants, resources, users } from "@/db/schema";
import { rowsOf } from "@/db/rows";
import { sqlTime } from "@/db/sql-time";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import type { Cell, PagedReport } from "./export-report";
import { afterCursor, cursorOf } from "./keyset";
import { filterConditions, type ReportFilter } from "./report-filter";

/** Where a check's rows keep the filter's fields (SQL column references, never input). */
interface Scope {
  at: string;
  resource: string;
  team: string;
  person: string;
}

/** The filter as extra conditions of a check: values are bound as parameters. */
function scoped(filter: ReportFilter, scope: Scope, lead: "where" | "and"): SQL {
  const col = (name: string) => sql.raw(name);
  const parts: SQL[] = [];
  if (filter.from) parts.push(sql`${col(scope.at)} >= ${sqlTime(filter.from)}`);
  if (filter.to) parts.push(sql`${col(scope.at)} < ${sqlTime(filter.to)}`);
  if (filter.resourceId) parts.push(sql`${col(scope.resource)} = ${filter.resourceId}::uuid`);
  if (filter.teamId) parts.push(sql`${col(scope.team)} = ${filter.teamId}::uuid`);
  if (filter.requester) parts.push(sql`lower(${col(scope.person)}) = ${filter.requester}`);
  if (parts.length === 0) return sql``;
  return sql`\n ${sql.raw(lead === "where" ? "where" : "  and")} ${sql.join(parts, sql`\n   and `)}`;
}

const REQUEST_DECISION: Scope = { at: "a.created_at", resource: "r.resource_id", team: "res.owner_team_id", person: "u.email" };
const EXTENSION_DECISION: Scope = { at: "a.created_at", resource: "e.resource_id", team: "res.owner_team_id", person: "u.email" };

// The owner team and the requester's email are joined in only when the filter asks for them:
// over a few hundred thousand decisions, each needless join costs a scan (the printed query is
// always the one that ran).
const teamJoin = (f: ReportFilter, resourceColumn: string) => (f.teamId ? `\n  join resources res on res.id = ${resourceColumn}` : "");
const personJoin = (f: ReportFilter, userColumn: string) => (f.requester ? `\n  join users u on u.id = ${userColumn}` : "");
const REQUEST_DECISIONS = (f: ReportFilter) =>
  sql.raw(`from approvals a
  join access_requests r on r.id = a.request_id${teamJoin(f, "r.resource_id")}${personJoin(f, "r.requester_user_id")}`);
const EXTENSION_DECISIONS = (f: ReportFilter) =>
  sql.raw(`from extension_approvals a
  join extension_requests e on e.id = a.extension_id${teamJoin(f, "e.resource_id")}${personJoin(f, "e.requester_user_id")}`);

export const SOD_CHECKS: readonly { id: string; title: string; query: (filter: ReportFilter) => SQL }[] = [
  {
    id: "self-decided",
    title: "Requests decided by their own requester",
    query: (f) => sql`select count(*) as n
  ${REQUEST_DECISIONS(f)}
 where a.approver_user_id = r.requester_user_id${scoped(f, REQUEST_DECISION, "and")}`,
  },
  {
    id: "self-extended",
    title: "Extensions decided by the grant's own holder",
    query: (f) => sql`select count(*) as n
  ${EXTENSION_DECISIONS(f)}
 where a.approver_user_id = e.requester_user_id${scoped(f, EXTENSION_DECISION, "and")}`,
  },
  {
    id: "dual-short",
    title: "Dual-approval grants resting on fewer than two different approvers",
    query: (f) => sql`select count(*) as n
  from access_requests r${sql.raw(teamJoin(f, "r.resource_id") + personJoin(f, "r.requester_user_id"))}
 where r.status = 'approved' and r.break_glass = false and r.approvals_required = 2
   and (select count(distinct a.approver_user_id) from approvals a
         where a.request_id = r.id and a.decision = 'approve') < 2${scoped(f, { at: "r.decided_at", resource: "r.resource_id", team: "res.owner_team_id", person: "u.email" }, "and")}`,
  },
  {
    id: "decisions",
    title: "Decisions examined (approvals and denials recorded)",
    query: (f) => sql`select (select count(*)
  ${REQUEST_DECISIONS(f)}${scoped(f, REQUEST_DECISION, "where")})
     + (select count(*)
  ${EXTENSION_DECISIONS(f)}${scoped(f, EXTENSION_DECISION, "where")}) as n`,
  },
  {
    id: "refused-attempts",
    title: "Attempts to decide one's own request or extension, refused and recorded",
    query: (f) => sql`select count(*) as n
  from audit_events ev${sql.raw(f.teamId ? "\n  left join resources res on res.id = ev.resource_id" : "")}
 where ev.action in ('request.self_decision_refused', 'extension.self_decision_refused')${scoped(f, { at: "ev.occurred_at", resource: "ev.resource_id", team: "res.owner_team_id", person: "ev.actor_label" }, "and")}`,
  },
];

export interface SodResult {
  id: string;
  title: string;
  /** The statement exactly as run; $1… are the parameters below. */
  query: string;
  params: unknown[];
  count: number;
}

const dialect = new PgDialect();

async function runChecks(filter: ReportFilter, deps: Pick<Deps, "db">): Promise<SodResult[]> {
  // Each check counts over the whole record: run them side by side, on as many connections as
  // the pool lends (PGlite, with one, runs them in turn).
  return Promise.all(
    SOD_CHECKS.map(async (check) => {
      const statement = check.query(filter);
      const { sql: text, params } = dialect.sqlToQuery(statement);
      const rows = rowsOf<{ n: string | number }>(await deps.db.execute(statement));
      return { id: check.id, title: check.title, query: text, params, count: Number(rows[0].n) };
    }),
  );
}

export async function proveSeparationOfDuties(actor: UserActor, filter: ReportFilter, deps: Pick<Deps, "db">): Promise<SodResult[]> {
  authorize(actor, "audit.read");
  return runChecks(filter, deps);
}

export interface SodDecisionRow extends Record<string, Cell> {
  decisionId: string;
  kind: "request" | "extension";
  decidedAt: string;
  resource: string;
  requestId: string;
  extensionId: string | null;
  grantId: string | null;
  requester: string;
  decidedBy: string;
  decision: string;
  /** The decider is the person who asked: what the services refuse, and "self-decided" counts. */
  selfDecided: boolean;
}

const requester = alias(users, "requester");
const decider = alias(users, "decider");

export const SOD_REPORT: PagedReport<SodDecisionRow> = {
  name: "separation-of-duties",
  person: "requester",
  columns: ["decisionId", "kind", "decidedAt", "resource", "requestId", "extensionId", "grantId", "requester", "decidedBy", "decision", "selfDecided"],
  async page(filter, after, limit, deps) {
    const onRequests = deps.db
      .select({
        id: approvals.id,
        at: approvals.createdAt,
        kind: sql<"request" | "extension">`'request'`.as("kind"),
        resource: sql<string>`${resources.name}`.as("resource"),
        requestId: sql<string>`${approvals.requestId}`.as("request_id"),
        extensionId: sql<string | null>`null::uuid`.as("extension_id"),
        grantId: sql<string | null>`null::uuid`.as("grant_id"),
        requester: sql<string>`${requester.email}`.as("requester"),
        decidedBy: sql<string>`${decider.email}`.as("decided_by"),
        decision: sql<string>`${approvals.decision}`.as("decision"),
        selfDecided: sql<boolean>`${approvals.approverUserId} = ${accessRequests.requesterUserId}`.as("self_decided"),
      })
      .from(approvals)
      .innerJoin(accessRequests, eq(accessRequests.id, approvals.requestId))
      .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
      .innerJoin(requester, eq(requester.id, accessRequests.requesterUserId))
      .innerJoin(decider, eq(decider.id, approvals.approverUserId))
      .where(filterConditions(filter, { at: approvals.createdAt, resourceId: accessRequests.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: requester.email }));
    const onExtensions = deps.db
      .select({
        id: extensionApprovals.id,
        at: extensionApprovals.createdAt,
        kind: sql<"request" | "extension">`'extension'`.as("kind"),
        resource: sql<string>`${resources.name}`.as("resource"),
        requestId: sql<string>`${grants.requestId}`.as("request_id"),
        extensionId: sql<string | null>`${extensionApprovals.extensionId}`.as("extension_id"),
        grantId: sql<string | null>`${extensionRequests.grantId}`.as("grant_id"),
        requester: sql<string>`${requester.email}`.as("requester"),
        decidedBy: sql<string>`${decider.email}`.as("decided_by"),
        decision: sql<string>`${extensionApprovals.decision}`.as("decision"),
        selfDecided: sql<boolean>`${extensionApprovals.approverUserId} = ${extensionRequests.requesterUserId}`.as("self_decided"),
      })
      .from(extensionApprovals)
      .innerJoin(extensionRequests, eq(extensionRequests.id, extensionApprovals.extensionId))
      .innerJoin(grants, eq(grants.id, extensionRequests.grantId))
      .innerJoin(resources, eq(resources.id, extensionRequests.resourceId))
      .innerJoin(requester, eq(requester.id, extensionRequests.requesterUserId))
      .innerJoin(decider, eq(decider.id, extensionApprovals.approverUserId))
      .where(filterConditions(filter, { at: extensionApprovals.createdAt, resourceId: extensionRequests.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: requester.email }));
    const decisions = unionAll(onRequests, onExtensions).as("decisions");
    const rows = await deps.db
      .select()
      .from(decisions)
      .where(and(afterCursor(after, decisions.at, decisions.id)))
      .orderBy(desc(decisions.at), desc(decisions.id))
      .limit(limit + 1);
    return {
      rows: rows.slice(0, limit).map((r) => ({
        decisionId: r.id,
        kind: r.kind,
        decidedAt: r.at.toISOString(),
        resource: r.resource,
        requestId: r.requestId,
        extensionId: r.extensionId,
        grantId: r.grantId,
        requester: r.requester,
        decidedBy: r.decidedBy,
        decision: r.decision,
        selfDecided: r.selfDecided === true || (r.selfDecided as unknown) === "t",
      })),
      next: cursorOf(rows.map((r) => ({ at: r.at, id: r.id })), limit),
    };
  },
  async summary(filter, deps) {
    const checks = await runChecks(filter, deps);
    return Object.fromEntries(checks.map((c) => [c.id, c.count]));
  },
};
