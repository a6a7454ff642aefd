import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Evidence report: every grant with its request, approvers, the policy version it was
// decided under, when it was issued, when it was due to end, when it ended and how, and the
// revocation lag. Keyset-paged by (created_at, id), newest first, for pages and streamed exports.
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { accessRequests, grants, policies, resources, users } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import type { Cell, PagedReport } from "./export-report";
import { grantFilterConditions, type ReportFilter } from "./report-filter";

export interface GrantReportRow extends Record<string, Cell> {
  grantId: string;
  requestId: string;
  createdAt: string;
  resource: string;
  holder: string;
  accessLevel: string;
  justification: string;
  ticket: string | null;
  breakGlass: boolean;
  approvers: string;
  policyVersion: number | null;
  status: string;
  issuedAt: string | null;
  expiresAt: string | null;
  /** When access had to end: expires_at, or the moment someone ended it early. */
  dueAt: string | null;
  endedAt: string | null;
  howEnded: string;
  /** Actual revocation minus due time; null while not ended. */
  lagMs: number | null;
}

export interface GrantReportCursor {
  createdAt: string;
  grantId: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listGrantReport(
  actor: UserActor,
  filter: ReportFilter,
  page: { after?: GrantReportCursor | null; limit?: number },
  deps: Pick<Deps, "db">,
): Promise<{ rows: GrantReportRow[]; next: GrantReportCursor | null }> {
  authorize(actor, "audit.read");
  return readGrantReport(filter, page, deps);
}

async function readGrantReport(
  filter: ReportFilter,
  page: { after?: GrantReportCursor | null; limit?: number },
  deps: Pick<Deps, "db">,
): Promise<{ rows: GrantReportRow[]; next: GrantReportCursor | null }> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 1000);
  const after = page.after
    ? or(
        lt(grants.createdAt, new Date(page.after.createdAt)),
        and(eq(grants.createdAt, new Date(page.after.createdAt)), lt(grants.id, page.after.grantId)),
      )
    : undefined;
  const approvers = sql<string>`coalesce((select string_agg(au.email, ', ' order by a.created_at) from approvals a join users au on au.id = a.approver_user_id where a.request_id = ${grants.requestId} and a.decision = 'approve'), '')`;
  const rows = await deps.db
    .select({
      grant: grants,
      resource: resources.name,
      holder: principalLabel,
      justification: accessRequests.justification,
      ticket: accessRequests.ticket,
      policyVersion: policies.version,
      approvers,
    })
    .from(grants)
    .innerJoin(resources, eq(resources.id, grants.resourceId))
    .innerJoin(users, eq(users.id, grants.principalUserId))
    .innerJoin(accessRequests, eq(accessRequests.id, grants.requestId))
    .leftJoin(policies, eq(policies.id, accessRequests.decidedPolicyId))
    .where(and(grantFilterConditions(filter), after))
    .orderBy(desc(grants.createdAt), desc(grants.id))
    .limit(limit + 1);

  const pageRows = rows.slice(0, limit).map(({ grant, ...rest }) => {
    const due = grant.revokeRequestedAt && (!grant.expiresAt || grant.revokeRequestedAt < grant.expiresAt) ? grant.revokeRequestedAt : grant.expiresAt;
    return {
      grantId: grant.id,
      requestId: grant.requestId,
      createdAt: grant.createdAt.toISOString(),
      resource: rest.resource,
      holder: rest.holder,
      accessLevel: grant.accessLevel,
      justification: rest.justification,
      ticket: rest.ticket,
      breakGlass: grant.breakGlass,
      approvers: grant.breakGlass ? "break-glass (no approval)" : rest.approvers || "auto-approved by policy",
      policyVersion: rest.policyVersion,
      status: grant.status,
      issuedAt: iso(grant.issuedAt),
      expiresAt: iso(grant.expiresAt),
      dueAt: iso(due),
      endedAt: iso(grant.endedAt),
      howEnded:
        grant.status === "expired"
          ? "expired on schedule"
          : grant.status === "revoked"
            ? `revoked: ${grant.revokeReason ?? "ended early"}`
            : grant.status === "issuing"
              ? "not issued yet"
              : "live",
      lagMs: grant.endedAt && due ? grant.endedAt.getTime() - due.getTime() : null,
    } satisfies GrantReportRow;
  });
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, next: rows.length > limit && last ? { createdAt: last.createdAt, grantId: last.grantId } : null };
}

/** The cursor as one opaque string, for exports: "<created_at ISO>|<grant id>". */
const encodeCursor = (cursor: GrantReportCursor | null) => (cursor ? `${cursor.createdAt}|${cursor.grantId}` : null);
const decodeCursor = (text: string | null): GrantReportCursor | null => {
  if (!text) return null;
  const [createdAt, grantId] = text.split("|");
  return { createdAt, grantId };
};

export const GRANT_REPORT: PagedReport<GrantReportRow> = {
  name: "grants",
  person: "requester",
  columns: [
    "grantId",
    "requestId",
    "createdAt",
    "resource",
    "holder",
    "accessLevel",
    "justification",
    "ticket",
    "breakGlass",
    "approvers",
    "policyVersion",
    "status",
    "issuedAt",
    "expiresAt",
    "dueAt",
    "endedAt",
    "howEnded",
    "lagMs",
  ],
  async page(filter, after, limit, deps) {
    const result = await readGrantReport(filter, { after: decodeCursor(after), limit }, deps);
    return { rows: result.rows, next: encodeCursor(result.next) };
  },
};
