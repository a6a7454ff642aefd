import "server-only";
// Signed checkpoints of the audit chain (issue 7): the head's sequence number and hash at a
// moment, signed with the server key. Exported, they let anyone check later that the record
// they are shown still contains exactly that head — an edit of history would change it.
import { sign, verify } from "node:crypto";
import { desc, inArray } from "drizzle-orm";
import { auditCheckpoints, auditEvents, type AuditCheckpoint } from "@/db/schema";
import type { Db } from "@/db/client";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { configuredCheckpointKey, type CheckpointKey } from "./checkpoint-key";

/** Exactly what is signed: versioned, so the format can change without ambiguity. */
export function checkpointPayload(c: Pick<AuditCheckpoint, "seq" | "headHash" | "createdAt">): Buffer {
  return Buffer.from(`lapse-checkpoint:v1:${c.seq}:${c.headHash}:${c.createdAt.toISOString()}`);
}

/** Signs the current head unless it is already checkpointed; returns the new checkpoint, if any. */
export async function createCheckpoint(db: Db, key: CheckpointKey, now: Date): Promise<AuditCheckpoint | null> {
  const [head] = await db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  if (!head) return null;
  const unsigned = { seq: head.seq, headHash: head.hash, createdAt: now };
  const signature = sign(null, checkpointPayload(unsigned), key.privateKey).toString("base64");
  const [created] = await db
    .insert(auditCheckpoints)
    .values({ ...unsigned, keyId: key.keyId, publicKey: key.publicKey, signature })
    .onConflictDoNothing()
    .returning();
  return created ?? null;
}

/**
 * How a checkpoint's signature stands against this server's own key. The public key stored in
 * the row is never trusted: anyone able to insert a row could sign it with a key of their own.
 */
export type SignatureCheck = "valid" | "foreign-key" | "invalid" | "no-server-key";

export const SIGNATURE_CHECK_NOTES: Record<SignatureCheck, string> = {
  valid: "signed by this server's key",
  "foreign-key": "signed by a key this server does not hold",
  invalid: "signature does not verify with this server's key",
  "no-server-key": "not verifiable: this server has no signing key configured",
};

export function checkSignature(c: AuditCheckpoint, serverKey: CheckpointKey | null): SignatureCheck {
  if (!serverKey) return "no-server-key";
  if (c.publicKey !== serverKey.publicKey || c.keyId !== serverKey.keyId) return "foreign-key";
  try {
    // Verified with the public half of the key derived from the server secret, not the row's copy.
    return verify(null, checkpointPayload(c), serverKey.verifyKey, Buffer.from(c.signature, "base64")) ? "valid" : "invalid";
  } catch {
    return "invalid";
  }
}

export interface CheckpointView {
  seq: number;
  headHash: string;
  createdAt: string;
  keyId: string;
  publicKey: string;
  signature: string;
  /** The signature verifies against this server's own key (and the row names that key). */
  signatureValid: boolean;
  signatureCheck: SignatureCheck;
  /** The check in words, the same on the page, in the export and in the evidence pack. */
  signatureNote: string;
  /** The event at that sequence number still has that hash. */
  matchesChain: boolean;
}

/** The key checkpoints are checked against, as published in exports (never the private half). */
export function serverKeyView(serverKey: CheckpointKey | null): { keyId: string; publicKey: string } | null {
  return serverKey ? { keyId: serverKey.keyId, publicKey: serverKey.publicKey } : null;
}

export async function listCheckpoints(
  actor: UserActor,
  deps: Pick<Deps, "db">,
  limit = 100,
  serverKey: CheckpointKey | null = configuredCheckpointKey(),
): Promise<CheckpointView[]> {
  authorize(actor, "audit.read");
  const rows = await deps.db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(limit);
  const events = rows.length
    ? await deps.db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).where(inArray(auditEvents.seq, rows.map((r) => r.seq)))
    : [];
  const hashAt = new Map(events.map((e) => [e.seq, e.hash]));
  return rows.map((c) => {
    const check = checkSignature(c, serverKey);
    return {
      seq: c.seq,
      headHash: c.headHash,
      createdAt: c.createdAt.toISOString(),
      keyId: c.keyId,
      publicKey: c.publicKey,
      signature: c.signature,
      signatureValid: check === "valid",
      signatureCheck: check,
      signatureNote: SIGNATURE_CHECK_NOTES[check],
      matchesChain: hashAt.get(c.seq) === c.headHash,
    };
  });
}

/** The newest checkpoint's time, for the worker's "is one due?" question. */
export async function latestCheckpointAt(db: Db): Promise<Date | null> {
  const [latest] = await db.select({ createdAt: auditCheckpoints.createdAt }).from(auditCheckpoints).orderBy(desc(auditCheckpoints.createdAt)).limit(1);
  return latest?.createdAt ?? null;
}

