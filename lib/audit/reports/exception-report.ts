import "server-only";
import { principalLabel } from "@/lib/auth/principal-label";
// Evidence report: exceptions. Every break-glass grant, the emergency it claimed, and the
// owner team's review: outcome, by whom, and whether it came by the policy's deadline.
import { and, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { accessRequests, grants, resources, users } from "@/db/schema";
import type { Cell, PagedReport } from "./export-report";
import { afterCursor, cursorOf } from "./keyset";
import { filterConditions } from "./report-filter";

export interface ExceptionRow extends Record<string, Cell> {
  grantId: string;
  createdAt: string;
  resource: string;
  holder: string;
  accessLevel: string;
  justification: string;
  ticket: string | null;
  status: string;
  reviewDueAt: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  reviewOutcome: string | null;
  reviewComment: string | null;
  /** null while not reviewed. */
  reviewOnTime: boolean | null;
  reviewOverdueNow: boolean;
}

const reviewer = alias(users, "reviewer");
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const EXCEPTION_REPORT: PagedReport<ExceptionRow> = {
  name: "exceptions",
  person: "requester",
  columns: ["grantId", "createdAt", "resource", "holder", "accessLevel", "justification", "ticket", "status", "reviewDueAt", "reviewedAt", "reviewedBy", "reviewOutcome", "reviewComment", "reviewOnTime", "reviewOverdueNow"],
  async page(filter, after, limit, deps) {
    const now = deps.clock();
    const rows = await deps.db
      .select({ grant: grants, resource: resources.name, holder: principalLabel, justification: accessRequests.justification, ticket: accessRequests.ticket, reviewer: reviewer.email })
      .from(grants)
      .innerJoin(resources, eq(resources.id, grants.resourceId))
      .innerJoin(users, eq(users.id, grants.principalUserId))
      .innerJoin(accessRequests, eq(accessRequests.id, grants.requestId))
      .leftJoin(reviewer, eq(reviewer.id, grants.reviewedBy))
      .where(
        and(
          eq(grants.breakGlass, true),
          filterConditions(filter, { at: grants.createdAt, resourceId: grants.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: users.email }),
          afterCursor(after, grants.createdAt, grants.id),
        ),
      )
      .orderBy(desc(grants.createdAt), desc(grants.id))
      .limit(limit + 1);
    return {
      rows: rows.slice(0, limit).map(({ grant, ...r }) => ({
        grantId: grant.id,
        createdAt: grant.createdAt.toISOString(),
        resource: r.resource,
        holder: r.holder,
        accessLevel: grant.accessLevel,
        justification: r.justification,
        ticket: r.ticket,
        status: grant.status,
        reviewDueAt: iso(grant.reviewDueAt),
        reviewedAt: iso(grant.reviewedAt),
        reviewedBy: r.reviewer,
        reviewOutcome: grant.reviewOutcome,
        reviewComment: grant.reviewComment,
        reviewOnTime: grant.reviewedAt && grant.reviewDueAt ? grant.reviewedAt <= grant.reviewDueAt : null,
        reviewOverdueNow: !grant.reviewedAt && !!grant.reviewDueAt && grant.reviewDueAt < now,
      })),
      next: cursorOf(rows.map(({ grant }) => ({ at: grant.createdAt, id: grant.id })), limit),
    };
  },
};
