import "server-only";
// The audit log itself as an exportable report: every event with its hash link, so the file
// can be re-verified outside Lapse. Keyset-paged by sequence number, newest first.
import { and, eq, lt } from "drizzle-orm";
import { auditEvents, resources } from "@/db/schema";
import type { Cell, PagedReport } from "./export-report";
import { eventFilterConditions, eventOrder } from "./report-filter";

export interface EventRow extends Record<string, Cell> {
  seq: number;
  occurredAt: string;
  actorKind: string;
  actor: string;
  action: string;
  resource: string | null;
  requestId: string | null;
  grantId: string | null;
  details: string;
  prevHash: string;
  hash: string;
}

export const EVENT_REPORT: PagedReport<EventRow> = {
  name: "events",
  columns: ["seq", "occurredAt", "actorKind", "actor", "action", "resource", "requestId", "grantId", "details", "prevHash", "hash"],
  async page(filter, after, limit, deps) {
    const before = after ? Number.parseInt(after, 10) : NaN;
    const rows = await deps.db
      .select({ event: auditEvents, resource: resources.name })
      .from(auditEvents)
      .leftJoin(resources, eq(resources.id, auditEvents.resourceId))
      .where(and(eventFilterConditions(filter), Number.isFinite(before) ? lt(auditEvents.seq, before) : undefined))
      .orderBy(...eventOrder(filter))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    return {
      rows: page.map(({ event, resource }) => ({
        seq: event.seq,
        occurredAt: event.occurredAt.toISOString(),
        actorKind: event.actorKind,
        actor: event.actorLabel,
        action: event.action,
        resource,
        requestId: event.requestId,
        grantId: event.grantId,
        details: JSON.stringify(event.details),
        prevHash: event.prevHash,
        hash: event.hash,
      })),
      next: rows.length > limit ? String(page[page.length - 1].event.seq) : null,
    };
  },
};
