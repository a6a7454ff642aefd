import "server-only";
// The server's checkpoint signing key: an Ed25519 key derived (HKDF-SHA256) from the server
// secret, so every instance sharing NEXTAUTH_SECRET (or LAPSE_CHECKPOINT_SECRET) signs with
// the same key and nothing secret is stored in the database. The public key travels with
// each checkpoint for readers outside Lapse; Lapse itself checks every checkpoint against
// this derived key, never against the copy in the row. Its id is a digest of it.
import { createHash, createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from "node:crypto";

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface CheckpointKey {
  privateKey: KeyObject;
  /** The public half, as a key object for verifying. */
  verifyKey: KeyObject;
  publicKey: string;
  keyId: string;
}

export function checkpointKeyFrom(secret: string): CheckpointKey {
  const seed = Buffer.from(hkdfSync("sha256", secret, "lapse", "audit checkpoint signing key v1", 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const verifyKey = createPublicKey(privateKey);
  const spki = verifyKey.export({ format: "der", type: "spki" });
  return { privateKey, verifyKey, publicKey: spki.toString("base64"), keyId: createHash("sha256").update(spki).digest("hex").slice(0, 16) };
}

/** The configured key, or null when no secret is set (checkpoints are then not made). */
export function configuredCheckpointKey(): CheckpointKey | null {
  const secret = process.env.LAPSE_CHECKPOINT_SECRET || process.env.NEXTAUTH_SECRET;
  return secret ? checkpointKeyFrom(secret) : null;
}
