import "server-only";
// Evidence report: drift findings. Access a target still showed after Lapse ended it (or that
// Lapse never issued, on roles it manages, or that would outlast a live grant), when the sweep
// found it, what it saw, and when a later check confirmed it right. An open finding is a
// revocation (or an end of access) not yet proven.
import { and, desc, eq } from "drizzle-orm";
import { driftFindings, grants, resources, users } from "@/db/schema";
import type { Cell, PagedReport } from "./export-report";
import { afterCursor, cursorOf } from "./keyset";
import { filterConditions } from "./report-filter";

export interface DriftRow extends Record<string, Cell> {
  findingId: string;
  detectedAt: string;
  resource: string;
  subject: string;
  grantId: string | null;
  holder: string | null;
  reason: string;
  evidence: string;
  resolvedAt: string | null;
  open: boolean;
}

export const DRIFT_REPORT: PagedReport<DriftRow> = {
  name: "drift",
  person: "requester",
  columns: ["findingId", "detectedAt", "resource", "subject", "grantId", "holder", "reason", "evidence", "resolvedAt", "open"],
  async page(filter, after, limit, deps) {
    const rows = await deps.db
      .select({ finding: driftFindings, resource: resources.name, holder: users.email })
      .from(driftFindings)
      .innerJoin(resources, eq(resources.id, driftFindings.resourceId))
      .leftJoin(grants, eq(grants.id, driftFindings.grantId))
      .leftJoin(users, eq(users.id, grants.principalUserId))
      .where(
        and(
          // Access nobody was granted has no requester, so the requester filter keeps only findings on someone's grant.
          filterConditions(filter, { at: driftFindings.detectedAt, resourceId: driftFindings.resourceId, ownerTeamId: resources.ownerTeamId, requesterEmail: users.email }),
          afterCursor(after, driftFindings.detectedAt, driftFindings.id),
        ),
      )
      .orderBy(desc(driftFindings.detectedAt), desc(driftFindings.id))
      .limit(limit + 1);
    return {
      rows: rows.slice(0, limit).map(({ finding, resource, holder }) => {
        const { reason, ...details } = finding.evidence;
        return {
          findingId: finding.id,
          detectedAt: finding.detectedAt.toISOString(),
          resource,
          subject: finding.subject,
          grantId: finding.grantId,
          holder,
          reason: typeof reason === "string" ? reason : "access present on the target",
          evidence: JSON.stringify(details),
          resolvedAt: finding.resolvedAt ? finding.resolvedAt.toISOString() : null,
          open: finding.resolvedAt === null,
        };
      }),
      next: cursorOf(rows.map(({ finding }) => ({ at: finding.detectedAt, id: finding.id })), limit),
    };
  },
};
