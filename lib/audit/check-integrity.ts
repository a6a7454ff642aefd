import "server-only";
// The auditor's integrity check: walks the whole chain, then holds it to the signed
// checkpoints, and reports OK with the count and the head hash, or the first broken link.
// Read-only, like everything an auditor does.
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { checkAgainstCheckpoints } from "./check-against-checkpoints";
import { configuredCheckpointKey, type CheckpointKey } from "./checkpoint-key";
import { verifyAuditChain, type ChainVerdict } from "./verify-chain";

export type IntegrityVerdict = ChainVerdict & { checkpointsChecked: number; checkedAt: string; tookMs: number };

/** The chain's verdict, held to the checkpoints: a chain that links but contradicts a signed checkpoint is broken there. */
export async function verifyChainAndCheckpoints(db: Deps["db"], serverKey: CheckpointKey | null): Promise<ChainVerdict & { checkpointsChecked: number }> {
  const chain = await verifyAuditChain(db);
  const agreement = await checkAgainstCheckpoints(db, serverKey);
  if (!chain.ok || agreement.ok) return { ...chain, checkpointsChecked: agreement.checked };
  return { ok: false, count: Math.min(chain.count, agreement.seq - 1), brokenSeq: agreement.seq, reason: agreement.reason, checkpointsChecked: agreement.checked };
}

export async function checkIntegrity(actor: Actor, deps: Pick<Deps, "db" | "clock">, serverKey: CheckpointKey | null = configuredCheckpointKey()): Promise<IntegrityVerdict> {
  authorize(actor, "audit.read");
  const started = Date.now();
  const verdict = await verifyChainAndCheckpoints(deps.db, serverKey);
  // Wall-clock duration of the walk, for the reader; not a domain time.
  return { ...verdict, checkedAt: deps.clock().toISOString(), tookMs: Date.now() - started };
}
