import "server-only";
// The audit log for auditors, newest first, paged by sequence number (keyset: the 1,000th
// page costs what the first does).
import { and, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { auditEvents, resources } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { describeAction } from "./actions";
import { eventFilterConditions, eventOrder, type ReportFilter } from "./reports/report-filter";

export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actorKind: string;
  actorLabel: string;
  action: string;
  actionLabel: string;
  resourceName: string | null;
  requestId: string | null;
  grantId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  events: AuditEventView[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

export async function listAuditEvents(
  actor: UserActor,
  options: { before?: number | null; limit?: number; filter?: ReportFilter; actions?: readonly string[] },
  deps: Pick<Deps, "db">,
): Promise<AuditPage> {
  authorize(actor, "audit.read");
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const conditions: SQL[] = [];
  if (options.before) conditions.push(lt(auditEvents.seq, options.before));
  const filtered = options.filter ? eventFilterConditions(options.filter) : undefined;
  if (filtered) conditions.push(filtered);
  if (options.actions) conditions.push(options.actions.length ? inArray(auditEvents.action, [...options.actions]) : sql`false`);
  const rows = await deps.db
    .select({ event: auditEvents, resourceName: resources.name })
    .from(auditEvents)
    .leftJoin(resources, eq(resources.id, auditEvents.resourceId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(...eventOrder(options.filter))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    events: page.map(({ event, resourceName }) => toView(event, resourceName)),
    nextBefore: rows.length > limit ? page[page.length - 1].event.seq : null,
  };
}

export function toView(event: typeof auditEvents.$inferSelect, resourceName: string | null): AuditEventView {
  return {
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    actorKind: event.actorKind,
    actorLabel: event.actorLabel,
    action: event.action,
    actionLabel: describeAction(event.action),
    resourceName,
    requestId: event.requestId,
    grantId: event.grantId,
    details: event.details,
  };
}
