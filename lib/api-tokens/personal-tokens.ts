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
import { requireRecentAuthentication } from "@/lib/auth/require-recent-authentication";
import { stepUpWindowMs } from "@/lib/auth/session-limits";
import { createDecisionTokenInput, createTokenInput, tokenIdInput, type CreateDecisionTokenInput, type CreateTokenInput } from "./schemas";
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

/**
 * A decision token: a personal token that may also approve and deny (requests and
 * extensions) through the API, for approvers who work from a script or a chat bot. Deciding
 * needs a recent sign-in (step-up), and a long-lived token is not one; so a decision token is
 * made only within a recent sign-in, carries that sign-in's time, and expires when the sign-in
 * stops being recent. It is exactly as strong as the portal session it was made from, for at
 * most the same minutes, and separation of duties still holds for every decision it makes.
 */
export async function createDecisionToken(actor: UserActor, input: CreateDecisionTokenInput, deps: Deps): Promise<CreatedToken> {
  authorize(actor, "request.decide");
  const now = deps.clock();
  requireRecentAuthentication(actor, now);
  const { name } = parseInput(createDecisionTokenInput, input);
  // Never later than now: another instance's clock may run slightly ahead of ours.
  const signedInAt = new Date(Math.min(actor.authenticatedAt!.getTime(), now.getTime()));
  const expiresAt = new Date(signedInAt.getTime() + stepUpWindowMs());
  const { secret, prefix, hash } = newTokenSecret("personal");
  const row = await deps.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(apiTokens)
      .values({ kind: "personal", userId: actor.id, name, prefix, secretHash: hash, createdAt: now, expiresAt, signedInAt })
      .returning();
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "api_token.created",
      occurredAt: now,
      details: { tokenId: created.id, kind: "decision", name, prefix, signedInAt: signedInAt.toISOString(), expiresAt: expiresAt.toISOString() },
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
  /** A decision token (may approve and deny until it expires). */
  forDecisions: boolean;
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
    forDecisions: t.signedInAt !== null,
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
    await appendAuditEvent(tx, { actor: auditActor(actor), action: "api_token.revoked", occurredAt: now, details: { tokenId, kind: revoked.signedInAt ? "decision" : "personal", name: revoked.name, prefix: revoked.prefix } });
  });
}
