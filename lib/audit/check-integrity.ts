import "server-only";
// The auditor's integrity check: walks the whole chain and reports OK with the count and the
// head hash, or the first broken link. Read-only, like everything an auditor does.
import type { Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { verifyAuditChain, type ChainVerdict } from "./verify-chain";

export async function checkIntegrity(actor: Actor, deps: Pick<Deps, "db" | "clock">): Promise<ChainVerdict & { checkedAt: string; tookMs: number }> {
  authorize(actor, "audit.read");
  const started = Date.now();
  const verdict = await verifyAuditChain(deps.db);
  // Wall-clock duration of the walk, for the reader; not a domain time.
  return { ...verdict, checkedAt: deps.clock().toISOString(), tookMs: Date.now() - started };
}
