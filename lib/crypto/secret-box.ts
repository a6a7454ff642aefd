import "server-only";
// Encryption at rest for secrets Lapse must keep (connector passwords, HMAC keys, signing
// keys, one-time credentials). AES-256-GCM with a key derived by HKDF-SHA256 from
// LAPSE_ENCRYPTION_KEY, or from NEXTAUTH_SECRET when no dedicated key is set (every instance
// shares it already). Each ciphertext is bound to a context string (its table and row), so
// a value copied into another row does not decrypt.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const VERSION = "v1";

function rootSecret(): string {
  const secret = process.env.LAPSE_ENCRYPTION_KEY || process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error("Set LAPSE_ENCRYPTION_KEY or NEXTAUTH_SECRET: Lapse encrypts connector secrets with it");
  return secret;
}

function keyFor(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "lapse", "lapse secret-box v1", 32));
}

export function sealSecret(plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(rootSecret()), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function openSecret(sealed: string, context: string): string {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== VERSION || !iv || body === undefined || !tag) throw new Error("unreadable sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(rootSecret()), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export const sealJson = (value: unknown, context: string) => sealSecret(JSON.stringify(value), context);
export const openJson = <T>(sealed: string, context: string) => JSON.parse(openSecret(sealed, context)) as T;
