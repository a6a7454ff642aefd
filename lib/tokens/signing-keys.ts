import "server-only";
// ES256 signing keys of the signed-token connector. The private key is sealed at rest
// (lib/crypto/secret-box.ts: LAPSE_ENCRYPTION_KEY, else NEXTAUTH_SECRET). One key is current;
// it is rotated after LAPSE_TOKEN_KEY_MAX_AGE_DAYS (default 30) or on demand. A retired key
// signs nothing more but stays published at /.well-known/jwks.json until the last token it
// signed has expired, so no valid token ever loses its key.
import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";
import type { Executor, Tx } from "@/db/client";
import { signingKeys, type SigningKey } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { AuditActor } from "@/lib/auth/actor";
import { openJson, sealJson } from "@/lib/crypto/secret-box";
import type { Deps } from "@/lib/deps";
import { sqlTime } from "@/db/sql-time";

export const TOKEN_ALG = "ES256";
const KEY_LOCK = 724_151_010;
const DAY_MS = 86_400_000;

const keyContext = (kid: string) => `signing_keys:${kid}`;

function maxAgeMs(): number {
  const days = Number(process.env.LAPSE_TOKEN_KEY_MAX_AGE_DAYS);
  return (Number.isFinite(days) && days > 0 ? days : 30) * DAY_MS;
}

async function createKey(tx: Tx, now: Date): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: TOKEN_ALG, use: "sig" };
  const privateJwk = await exportJWK(privateKey);
  const [key] = await tx
    .insert(signingKeys)
    .values({ kid, alg: TOKEN_ALG, publicJwk, privateCiphertext: sealJson(privateJwk, keyContext(kid)), createdAt: now })
    .returning();
  return key;
}

/** Retires the current key (if any) and makes a new one current. */
export async function rotateSigningKey(deps: Pick<Deps, "db" | "clock">, actor: AuditActor, reason: string): Promise<SigningKey> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEY_LOCK})`);
    const retired = await tx.update(signingKeys).set({ retiredAt: now }).where(isNull(signingKeys.retiredAt)).returning({ kid: signingKeys.kid });
    const key = await createKey(tx, now);
    await appendAuditEvent(tx, { actor, action: "signing_key.rotated", occurredAt: now, details: { kid: key.kid, retired: retired.map((r) => r.kid), reason } });
    return key;
  });
}

/** The key that signs now: the newest unretired one, made or rotated when missing or too old. */
export async function currentSigningKey(deps: Pick<Deps, "db" | "clock">, actor: AuditActor): Promise<SigningKey> {
  const now = deps.clock();
  const [current] = await deps.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt)).limit(1);
  if (current && now.getTime() - current.createdAt.getTime() < maxAgeMs()) return current;
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEY_LOCK})`);
    // Another instance may have rotated while this one waited for the lock.
    const [fresh] = await tx.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt)).limit(1);
    if (fresh && now.getTime() - fresh.createdAt.getTime() < maxAgeMs()) return fresh;
    if (fresh) await tx.update(signingKeys).set({ retiredAt: now }).where(eq(signingKeys.kid, fresh.kid));
    const key = await createKey(tx, now);
    await appendAuditEvent(tx, {
      actor,
      action: "signing_key.rotated",
      occurredAt: now,
      details: { kid: key.kid, retired: fresh ? [fresh.kid] : [], reason: fresh ? "maximum key age reached" : "first key" },
    });
    return key;
  });
}

export async function privateKeyOf(key: SigningKey): Promise<CryptoKey> {
  return (await importJWK(openJson<JWK>(key.privateCiphertext, keyContext(key.kid)), TOKEN_ALG)) as CryptoKey;
}

/** Records that `key` signed a token valid until `exp`: it stays published until then. */
export async function noteTokenExpiry(db: Executor, kid: string, exp: Date): Promise<void> {
  await db
    .update(signingKeys)
    .set({ lastTokenExpiresAt: sql`greatest(${signingKeys.lastTokenExpiresAt}, ${sqlTime(exp)})` })
    .where(eq(signingKeys.kid, kid));
}

/** Public keys to publish: the current one(s) and retired ones some token may still need. */
export async function publishedKeys(db: Executor, now: Date): Promise<JWK[]> {
  const rows = await db
    .select({ publicJwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(or(isNull(signingKeys.retiredAt), and(gt(signingKeys.lastTokenExpiresAt, now))))
    .orderBy(desc(signingKeys.createdAt));
  return rows.map((row) => row.publicJwk as JWK);
}
