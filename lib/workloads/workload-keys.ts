import "server-only";
// API keys of an API-key workload: an admin issues a new one (shown once, expiring) or
// revokes one. Rotation is issue-then-revoke, so a pipeline never goes without a key.
import { and, eq, isNull } from "drizzle-orm";
import { apiTokens, workloadIdentities } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, invalid, notFound } from "@/lib/errors";
import { addMinutes } from "@/lib/lifecycle/duration";
import { lockActingAdmin } from "@/lib/admin/lock-acting-admin";
import { newTokenSecret } from "@/lib/api-tokens/token-secret";
import { tokenIdInput } from "@/lib/api-tokens/schemas";
import { parseInput } from "@/lib/validation";
import { issueWorkloadKeyInput } from "./schemas";

export async function issueWorkloadKey(actor: UserActor, input: { workloadId: string; expiresInDays: number | string }, deps: Deps) {
  authorize(actor, "workload.manage");
  const { workloadId, expiresInDays } = parseInput(issueWorkloadKeyInput, input);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await lockActingAdmin(tx, actor);
    const [workload] = await tx.select().from(workloadIdentities).where(eq(workloadIdentities.id, workloadId));
    if (!workload) throw notFound("No such workload identity.");
    if (workload.authKind !== "api_key") throw invalid("This workload authenticates with OIDC tokens; it has no API keys.");
    const { secret, prefix, hash } = newTokenSecret("workload");
    const expiresAt = addMinutes(now, expiresInDays * 24 * 60);
    const [token] = await tx
      .insert(apiTokens)
      .values({ kind: "workload", userId: workload.userId, workloadId, name: `key ${now.toISOString().slice(0, 10)}`, prefix, secretHash: hash, createdAt: now, expiresAt })
      .returning();
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "workload.key_issued",
      occurredAt: now,
      details: { workloadId, principal: `workload:${workload.name}`, tokenId: token.id, prefix, expiresAt: expiresAt.toISOString() },
    });
    return { tokenId: token.id, secret, prefix, expiresAt: expiresAt.toISOString() };
  });
}

export async function revokeWorkloadKey(actor: UserActor, input: { tokenId: string }, deps: Deps): Promise<void> {
  authorize(actor, "workload.manage");
  const { tokenId } = parseInput(tokenIdInput, input);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await lockActingAdmin(tx, actor);
    const key = and(eq(apiTokens.id, tokenId), eq(apiTokens.kind, "workload"));
    const [revoked] = await tx.update(apiTokens).set({ revokedAt: now }).where(and(key, isNull(apiTokens.revokedAt))).returning();
    if (!revoked) {
      const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(key);
      throw exists ? conflict("This key has already been revoked.") : notFound("No such key.");
    }
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "api_token.revoked",
      occurredAt: now,
      details: { tokenId, kind: "workload", workloadId: revoked.workloadId, prefix: revoked.prefix },
    });
  });
}
