import "server-only";
// The one way an audit event is written: inside the caller's transaction, so the state
// change and its evidence commit or roll back together. A transaction-scoped advisory
// lock serialises appends, so the chain never forks and sequence numbers never skip.
import { desc, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema";
import type { AuditActor } from "@/lib/auth/actor";
import type { AuditAction } from "./actions";
import { computeEventHash, GENESIS_HASH } from "./event-hash";

const AUDIT_CHAIN_LOCK_KEY = 724_151_002;

export interface AuditEventInput {
  actor: AuditActor;
  action: AuditAction;
  occurredAt: Date;
  resourceId?: string | null;
  requestId?: string | null;
  grantId?: string | null;
  details?: Record<string, unknown>;
}

export async function appendAuditEvent(tx: Tx, input: AuditEventInput): Promise<AuditEvent> {
  const [row] = await appendAuditEvents(tx, [input]);
  return row;
}

/**
 * Several events at once, chained in the order given, under one lock and one insert (the
 * expiry sweep ends hundreds of grants in a transaction). Callers append last in their
 * transaction: the chain's lock is held until commit, so every statement after it
 * lengthens the queue of all other writers.
 */
export async function appendAuditEvents(tx: Tx, inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [head] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    // Round-trip through JSON so the hashed details are exactly what jsonb will hand back.
    const details = JSON.parse(JSON.stringify(input.details ?? {})) as Record<string, unknown>;
    const content = {
      seq: ++seq,
      occurredAt: input.occurredAt,
      actorKind: input.actor.kind,
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      action: input.action,
      resourceId: input.resourceId ?? null,
      requestId: input.requestId ?? null,
      grantId: input.grantId ?? null,
      details,
      prevHash,
    };
    prevHash = computeEventHash(content);
    return { ...content, hash: prevHash };
  });
  return tx.insert(auditEvents).values(rows).returning();
}
