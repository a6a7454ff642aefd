import "server-only";
// Bearer secrets Lapse issues (personal API tokens, workload API keys): 32 random bytes,
// prefixed so they are recognisable in a leak scan and never mistaken for a JWT. Only a
// SHA-256 of the secret is stored; with 256 bits of entropy a slow hash adds nothing.
import { createHash, randomBytes } from "node:crypto";
import type { ApiTokenKind } from "@/db/schema";

const PREFIX: Record<ApiTokenKind, string> = { personal: "lapse_pat_", workload: "lapse_wlk_" };

export function newTokenSecret(kind: ApiTokenKind): { secret: string; prefix: string; hash: string } {
  const secret = `${PREFIX[kind]}${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, PREFIX[kind].length + 6), hash: hashTokenSecret(secret) };
}

export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export const looksLikeLapseToken = (value: string) => value.startsWith("lapse_pat_") || value.startsWith("lapse_wlk_");
