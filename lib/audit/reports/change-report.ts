import "server-only";
// Evidence report: governance changes — every policy version saved, proposed, confirmed,
// rejected or superseded, and every RACI change — read from the audit log, with the before
// and after and, for a loosening, the second person who confirmed it.
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { auditEvents, resources } from "@/db/schema";
import { describeAction } from "../actions";
import type { Cell, PagedReport } from "./export-report";
import { filterConditions } from "./report-filter";

export interface ChangeRow extends Record<string, Cell> {
  seq: number;
  occurredAt: string;
  resource: string | null;
  change: string;
  by: string;
  version: number | null;
  confirmedBy: string | null;
  /** What changed, as JSON: field-by-field before/after for policy, before/after cells for RACI. */
  details: string;
}

const CHANGE_ACTIONS = ["policy.created", "policy.changed", "policy.proposed", "policy.confirmed", "policy.rejected", "policy.withdrawn", "policy.superseded", "raci.updated"];

export const CHANGE_REPORT: PagedReport<ChangeRow> = {
  name: "changes",
  person: null,
  columns: ["seq", "occurredAt", "resource", "change", "by", "version", "confirmedBy", "details"],
  async page(filter, after, limit, deps) {
    const before = after ? Number.parseInt(after, 10) : NaN;
    const rows = await deps.db
      .select({ event: auditEvents, resource: resources.name })
      .from(auditEvents)
      .leftJoin(resources, eq(resources.id, auditEvents.resourceId))
      .where(
        and(
          inArray(auditEvents.action, CHANGE_ACTIONS),
          filterConditions(filter, { at: auditEvents.occurredAt, resourceId: auditEvents.resourceId, ownerTeamId: resources.ownerTeamId }),
          Number.isFinite(before) ? lt(auditEvents.seq, before) : undefined,
        ),
      )
      .orderBy(desc(auditEvents.seq))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    return {
      rows: page.map(({ event, resource }) => {
        const details = event.details as Record<string, unknown>;
        return {
          seq: event.seq,
          occurredAt: event.occurredAt.toISOString(),
          resource,
          change: describeAction(event.action),
          by: event.actorLabel,
          version: typeof details.version === "number" ? details.version : typeof details.revision === "number" ? details.revision : null,
          confirmedBy: event.action === "policy.confirmed" ? String(details.confirmedBy ?? event.actorLabel) : null,
          details: JSON.stringify(event.action === "raci.updated" ? { before: details.before, after: details.after, gaps: details.gaps } : (details.changes ?? details)),
        };
      }),
      next: rows.length > limit ? String(page[page.length - 1].event.seq) : null,
    };
  },
};
