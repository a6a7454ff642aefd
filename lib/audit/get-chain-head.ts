import "server-only";
// The newest link of the audit chain: how many events there are and the hash they end in.
import { desc } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export async function getChainHead(actor: UserActor, deps: Pick<Deps, "db">): Promise<{ seq: number; hash: string } | null> {
  authorize(actor, "audit.read");
  const [head] = await deps.db.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  return head ?? null;
}
