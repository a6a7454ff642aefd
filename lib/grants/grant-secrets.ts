import "server-only";
// One-time envelope for credentials a connector produced at issuance. Sealed with the
// at-rest key (lib/crypto/secret-box.ts) and bound to its grant; the holder reveals it once
// (the row is deleted in the same statement), and it is deleted when the grant ends.
import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { grantSecrets } from "@/db/schema";
import { sealJson } from "@/lib/crypto/secret-box";

export const grantSecretContext = (grantId: string) => `grant_secrets:${grantId}`;

export async function storeGrantSecret(db: Executor, grantId: string, secret: Record<string, unknown>, at: Date, expiresAt: Date): Promise<void> {
  const ciphertext = sealJson(secret, grantSecretContext(grantId));
  await db
    .insert(grantSecrets)
    .values({ grantId, ciphertext, createdAt: at, expiresAt })
    .onConflictDoUpdate({ target: grantSecrets.grantId, set: { ciphertext, createdAt: at, expiresAt } });
}

export async function discardGrantSecret(db: Executor, grantId: string): Promise<void> {
  await db.delete(grantSecrets).where(eq(grantSecrets.grantId, grantId));
}

export async function discardGrantSecrets(db: Executor, grantIds: readonly string[]): Promise<void> {
  if (grantIds.length) await db.delete(grantSecrets).where(inArray(grantSecrets.grantId, [...grantIds]));
}
