import "server-only";
// A person's own API tokens (profile page): create (the secret is shown once), list, revoke.
// A token acts as its owner with the roles they hold at the moment of each call.
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { addMinutes } from "@/lib/lifecycle/duration";
import { parseInput } from "@/lib/validation";
import { createTokenInput, tokenIdInput, type CreateTokenInput } from "./schemas";
import { newTokenSecret } from "./token-secret";

export interface CreatedToken {
  id: string;
  name: string;
  prefix: string;
  expiresAt: string;
  /** Shown once; Lapse keeps only its hash. */
  secret: string;
}

export async function createPersonalToken(actor: UserActor, input: CreateTokenInput, deps: Deps): Promise<CreatedToken> {
  authorize(actor, "token.manage-own");
  const { name, expiresInDays } = parseInput(createTokenInput, input);
  const now = deps.clock();
  const { secret, prefix, hash } = newTokenSecret("personal");
  const expiresAt = addMinutes(now, expiresInDays * 24 * 60);
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ kind: "personal", userId: actor.id, name, prefix, secretHash: hash, createdAt: now, expiresAt })
      .returning();
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "api_token.created",
      occurredAt: now,
      details: { tokenId: created.id, kind: "personal", name, prefix, expiresAt: expiresAt.toISOString() },
    });
    return created;
  });
  return { id: row.id, name: row.name, prefix: row.prefix, expiresAt: row.expiresAt.toISOString(), secret };
}

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export async function listPersonalTokens(actor: UserActor, deps: Pick<Deps, "db">): Promise<TokenView[]> {
  authorize(actor, "token.manage-own");
  const rows = await deps.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, actor.id), eq(apiTokens.kind, "personal")))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function revokePersonalToken(actor: UserActor, input: { tokenId: string }, deps: Deps): Promise<void> {
  authorize(actor, "token.manage-own");
  const { tokenId } = parseInput(tokenIdInput, input);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const mine = and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id), eq(apiTokens.kind, "personal"));
    const [revoked] = await tx.update(apiTokens).set({ revokedAt: now }).where(and(mine, isNull(apiTokens.revokedAt))).returning();
    if (!revoked) {
      const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(mine);
      throw exists ? conflict("This token has already been revoked.") : notFound("No such token.");
    }
    await appendAuditEvent(tx, { actor: auditActor(actor), action: "api_token.revoked", occurredAt: now, details: { tokenId, kind: "personal", name: revoked.name, prefix: revoked.prefix } });
  });
}
