import "server-only";
// The one way an audit event is written: inside the caller's transaction, so the state
// change and its evidence commit or roll back together. A transaction-scoped advisory
// lock serialises appends, so the chain never forks and sequence numbers never skip.
import { desc, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { auditEvents } from "@/db/schema";
import type { AuditActor } from "@/lib/auth/actor";
import type { AuditAction } from "./actions";
import { computeEventHash, GENESIS_HASH } from "./event-hash";
import { beforeCommit } from "@/db/before-commit";
import { insertFromJson } from "@/db/insert-json";

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

/**
 * Appends an event to the chain as part of `tx`. In a transaction opened on Lapse's database
 * the events are written together just before it commits (db/before-commit.ts), in the order
 * they were appended: the chain's lock, held until commit, then covers that one insert rather
 * than everything the transaction did after its first event. Elsewhere they are written now.
 */
export async function appendAuditEvent(tx: Tx, input: AuditEventInput): Promise<void> {
  await appendAuditEvents(tx, [input]);
}

// The queue of a transaction's deferred events lives on the transaction object (a registered
// symbol), for the same reason as the hooks in db/before-commit.ts: one queue per transaction
// whichever bundle's copy of this module appends to it.
const PENDING = Symbol.for("lapse.audit.pending-events");
type WithPending = Tx & { [PENDING]?: AuditEventInput[] };

/** Several events at once, chained in the order given (the expiry sweep ends hundreds of grants in a transaction). */
export async function appendAuditEvents(tx: Tx, inputs: readonly AuditEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const pending = (tx as WithPending)[PENDING];
  if (pending) {
    pending.push(...inputs);
    return;
  }
  const queue = [...inputs];
  const deferred = beforeCommit(tx, async () => {
    delete (tx as WithPending)[PENDING];
    await writeChained(tx, queue);
  });
  if (deferred) Object.defineProperty(tx, PENDING, { value: queue, configurable: true });
  else await writeChained(tx, queue);
}

const wellFormed = (_key: string, value: unknown) => (typeof value === "string" && !value.isWellFormed() ? value.toWellFormed() : value);

/** Takes the chain's lock (until commit), reads the head and inserts the events chained onto it. */
async function writeChained(tx: Tx, inputs: readonly AuditEventInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`);
  const [head] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = inputs.map((input) => {
    // Round-trip through JSON so the hashed details are exactly what jsonb will hand back. Half
    // of a surrogate pair (input validation refuses it, but evidence must never fail to record)
    // becomes U+FFFD: jsonb cannot store it.
    const details = JSON.parse(JSON.stringify(input.details ?? {}), wellFormed) as Record<string, unknown>;
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
  // Hundreds at once from the expiry sweep: one JSON parameter, not a parameter per cell.
  if (rows.length > 1) await tx.execute(insertFromJson(auditEvents, rows));
  else await tx.insert(auditEvents).values(rows);
}
