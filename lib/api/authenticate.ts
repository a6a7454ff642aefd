import "server-only";
// Who is calling /api/v1: the Authorization header's bearer is a Lapse token (a person's
// personal API token, a workload's API key) or a workload's OIDC token. The principal comes
// from that alone; roles and the disabled flag are read now, so a change applies at once.
import { and, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { prepareOnce } from "@/db/prepare-once";
import { apiTokens, users, workloadIdentities } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { hashTokenSecret, looksLikeLapseToken } from "@/lib/api-tokens/token-secret";
import { BearerError, authenticateOidcToken } from "@/lib/workloads/oidc-verifier";
import { workloadActorOf } from "@/lib/workloads/load-principal";

export async function authenticateBearer(db: Executor, authorization: string | null, now: Date): Promise<Actor> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) throw new BearerError(401, "unauthenticated", "Send Authorization: Bearer <token> (a Lapse API token, a workload API key or an OIDC token).");
  const token = match[1];
  if (token.length > 16_384) throw new BearerError(401, "invalid-token", "The bearer token is too long.");
  return looksLikeLapseToken(token) ? authenticateLapseToken(db, token, now) : authenticateOidcToken(db, token, now);
}

const LAST_USED_PRECISION_MS = 60_000;

const tokenLookup = (db: Executor) =>
  prepareOnce(db, "api-token-lookup", () =>
    db
      .select({
        id: apiTokens.id,
        kind: apiTokens.kind,
        userId: apiTokens.userId,
        lastUsedAt: apiTokens.lastUsedAt,
        signedInAt: apiTokens.signedInAt,
        ownerEnabled: sql<boolean>`not ${users.disabled}`,
        email: users.email,
        workload: workloadIdentities,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .leftJoin(workloadIdentities, eq(workloadIdentities.id, apiTokens.workloadId))
      .where(and(eq(apiTokens.secretHash, sql.placeholder("secretHash")), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql.placeholder("now"))))
      .prepare("api_token_lookup"),
  );

async function authenticateLapseToken(db: Executor, secret: string, now: Date): Promise<Actor> {
  // One round trip: the token, whether its owner is enabled and, for a workload key, the workload.
  const [row] = await tokenLookup(db).execute({ secretHash: hashTokenSecret(secret), now: now.toISOString() });
  if (!row) throw new BearerError(401, "invalid-token", "This token is unknown, expired or revoked.");
  // "Last used" is shown to the token's holder to the minute; writing it on every call would
  // make a busy token's row a point every call of that token queues on.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lte(apiTokens.lastUsedAt, new Date(now.getTime() - LAST_USED_PRECISION_MS)))));
  }
  if (row.kind === "personal") {
    // A decision token carries the sign-in it was made under, so step-up judges it by that
    // (lib/api-tokens/personal-tokens.ts); any other personal token carries no sign-in at all.
    const actor = await loadUserActor(db, row.userId, row.signedInAt);
    if (!actor) throw new BearerError(401, "invalid-token", "The account this token belongs to is disabled.");
    return actor;
  }
  if (!row.workload || !row.ownerEnabled) throw new BearerError(401, "invalid-token", "The workload identity this key belongs to is disabled.");
  return workloadActorOf(row.workload, row.email, {});
}
