import "server-only";
// The audit log itself as an exportable report: every event with its hash link and every
// hashed member (actorId and resourceId included), so the file can be re-verified outside
// Lapse: hash = sha256 of the canonical JSON of {action, actorId, actorKind, actorLabel (the
// "actor" column), details, grantId, occurredAt, prevHash, requestId, resourceId, seq}, keys
// sorted, no spaces (lib/audit/event-hash.ts). Keyset-paged by sequence number, newest first.
//
// Read as raw rows, each column already in its exported form (the time as ISO text, the
// details as the database's JSON text): a million-event export spent most of its time in the
// ORM's per-field row mapping and in parsing and re-serialising every event's details.
import { and, lt, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
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
  actorId: string | null;
  resourceId: string | null;
}

/** As the driver hands it back: a bigint may come as text. */
type RawEventRow = EventRow & { seq: number | string };

export const EVENT_REPORT: PagedReport<EventRow> = {
  name: "events",
  person: "actor",
  columns: ["seq", "occurredAt", "actorKind", "actor", "action", "resource", "requestId", "grantId", "details", "prevHash", "hash", "actorId", "resourceId"],
  async page(filter, after, limit, deps) {
    const before = after ? Number.parseInt(after, 10) : NaN;
    const where = and(eventFilterConditions(filter), Number.isFinite(before) ? lt(auditEvents.seq, before) : undefined);
    const rows = rowsOf<RawEventRow>(
      await deps.db.execute(sql`
        select ${auditEvents.seq} as "seq",
               to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "occurredAt",
               ${auditEvents.actorKind} as "actorKind", ${auditEvents.actorLabel} as "actor", ${auditEvents.action} as "action",
               ${resources.name} as "resource", ${auditEvents.requestId}::text as "requestId", ${auditEvents.grantId}::text as "grantId",
               ${auditEvents.details}::text as "details", ${auditEvents.prevHash} as "prevHash", ${auditEvents.hash} as "hash",
               ${auditEvents.actorId} as "actorId", ${auditEvents.resourceId}::text as "resourceId"
          from ${auditEvents} left join ${resources} on ${resources.id} = ${auditEvents.resourceId}
         ${where ? sql`where ${where}` : sql``}
         order by ${sql.join(eventOrder(filter), sql`, `)}
         limit ${limit + 1}`),
    );
    const page: EventRow[] = rows.slice(0, limit).map((row) => ({ ...row, seq: Number(row.seq) }));
    return { rows: page, next: rows.length > limit ? String(page[page.length - 1].seq) : null };
  },
};
