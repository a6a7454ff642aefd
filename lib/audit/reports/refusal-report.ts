import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Evidence report: requests that did not lead to access — denied (with who denied and why)
// and timed out (nobody decided by the policy's deadline).
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { accessRequests, resources, users } from "@/db/schema";
import type { Cell, PagedReport } from "./export-report";
import { afterCursor, cursorOf } from "./keyset";
import { filterConditions } from "./report-filter";

export interface RefusalRow extends Record<string, Cell> {
  requestId: string;
  createdAt: string;
  resource: string;
  requester: string;
  accessLevel: string;
  durationMinutes: number;
  justification: string;
  outcome: string;
  decidedAt: string | null;
  deniedBy: string;
  comment: string;
}

export const REFUSAL_REPORT: PagedReport<RefusalRow> = {
  name: "refusals",
  person: "requester",
  columns: ["requestId", "createdAt", "resource", "requester", "accessLevel", "durationMinutes", "justification", "outcome", "decidedAt", "deniedBy", "comment"],
  async page(filter, after, limit, deps) {
    const deniers = sql<string>`coalesce((select string_agg(du.email, ', ') from approvals d join users du on du.id = d.approver_user_id where d.request_id = ${accessRequests.id} and d.decision = 'deny'), '')`;
    const comments = sql<string>`coalesce((select string_agg(d.comment, ' / ') from approvals d where d.request_id = ${accessRequests.id} and d.decision = 'deny' and d.comment <> ''), '')`;
    const rows = await deps.db
      .select({ request: accessRequests, resource: resources.name, requester: principalLabel, deniers, comments })
      .from(accessRequests)
      .innerJoin(resources, eq(resources.id, accessRequests.resourceId))
      .innerJoin(users, eq(users.id, accessRequests.requesterUserId))
      .where(
        and(
          inArray(accessRequests.status, ["denied", "timed_out"]),
          filterConditions(filter, { at: accessRequests.createdAt, resourceId: accessRequests.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: users.email }),
          afterCursor(after, accessRequests.createdAt, accessRequests.id),
        ),
      )
      .orderBy(desc(accessRequests.createdAt), desc(accessRequests.id))
      .limit(limit + 1);
    return {
      rows: rows.slice(0, limit).map(({ request, ...r }) => ({
        requestId: request.id,
        createdAt: request.createdAt.toISOString(),
        resource: r.resource,
        requester: r.requester,
        accessLevel: request.accessLevel,
        durationMinutes: request.durationMinutes,
        justification: request.justification,
        outcome: request.status === "timed_out" ? "timed out" : "denied",
        decidedAt: request.decidedAt?.toISOString() ?? null,
        deniedBy: r.deniers,
        comment: r.comments,
      })),
      next: cursorOf(rows.map(({ request }) => ({ at: request.createdAt, id: request.id })), limit),
    };
  },
};
