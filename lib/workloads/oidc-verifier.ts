import "server-only";
// Verifies a workload's OIDC token (a CI provider's ID token) and finds the workload identity
// it proves: the issuer's key set comes from its discovery document and is cached (jose
// refetches on an unknown key id, so the issuer's key rotation is followed), the signature,
// `iss`, `exp` and `nbf` are checked with at most 60 s of clock skew, then `aud` and the
// claim conditions pick the workload. Nothing the client says besides the token counts.
import { and, eq } from "drizzle-orm";
import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { Executor } from "@/db/client";
import { users, workloadIdentities } from "@/db/schema";
import type { WorkloadActor } from "@/lib/auth/actor";
import { log } from "@/lib/log";
import { claimsMeet } from "./claim-conditions";
import { assertFetchableUrl } from "./issuer-url";
import { workloadActorOf } from "./load-principal";

export const CLOCK_SKEW_SECONDS = 60;
const DISCOVERY_TTL_MS = 60 * 60_000;
const ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/** Why a bearer token was refused: 401 (not authenticated) or 403 (authenticated, not allowed). */
export class BearerError extends Error {
  name = "BearerError";
  constructor(
    readonly status: 401 | 403,
    readonly slug: string,
    message: string,
  ) {
    super(message);
  }
}

type RemoteKeys = ReturnType<typeof createRemoteJWKSet>;
const discovery = new Map<string, { keys: RemoteKeys; jwksUri: string; at: number }>();

async function fetchJson(url: string): Promise<unknown> {
  await assertFetchableUrl(url);
  const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(5000), headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

/** The issuer's key set, from its discovery document; cached per issuer for an hour. */
async function keysFor(issuer: string): Promise<RemoteKeys> {
  const cached = discovery.get(issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.keys;
  const doc = (await fetchJson(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`)) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== issuer) throw new Error("discovery document names another issuer");
  if (typeof doc.jwks_uri !== "string") throw new Error("discovery document has no jwks_uri");
  const jwksUrl = await assertFetchableUrl(doc.jwks_uri);
  const keys =
    cached?.jwksUri === doc.jwks_uri
      ? cached.keys
      : createRemoteJWKSet(jwksUrl, { cacheMaxAge: 10 * 60_000, cooldownDuration: jwksCooldownMs(), timeoutDuration: 5000 });
  discovery.set(issuer, { keys, jwksUri: doc.jwks_uri, at: Date.now() });
  return keys;
}

/** How soon an unknown key id may make Lapse fetch the key set again (30 s; tests lower it). */
function jwksCooldownMs(): number {
  const configured = Number(process.env.LAPSE_OIDC_JWKS_COOLDOWN_MS);
  return Number.isInteger(configured) && configured >= 0 ? configured : 30_000;
}

/** For tests that rotate an issuer's keys or restart it on another port. */
export function forgetIssuerKeys(): void {
  discovery.clear();
}

const audiences = (aud: JWTPayload["aud"]) => (Array.isArray(aud) ? aud : typeof aud === "string" ? [aud] : []);

export async function authenticateOidcToken(db: Executor, token: string, now: Date): Promise<WorkloadActor> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw new BearerError(401, "invalid-token", "The bearer token is neither a Lapse token nor a JWT.");
  }
  const issuer = typeof unverified.iss === "string" ? unverified.iss : null;
  const candidates = issuer
    ? await db
        .select({ workload: workloadIdentities, email: users.email })
        .from(workloadIdentities)
        .innerJoin(users, eq(users.id, workloadIdentities.userId))
        .where(and(eq(workloadIdentities.authKind, "oidc"), eq(workloadIdentities.issuer, issuer), eq(users.disabled, false)))
    : [];
  if (!issuer || candidates.length === 0) {
    throw new BearerError(401, "unknown-issuer", "No enabled workload identity trusts this token's issuer.");
  }

  let keys: RemoteKeys;
  try {
    keys = await keysFor(issuer);
  } catch (error) {
    log.warn({ err: error, issuer }, "OIDC discovery failed");
    throw new BearerError(401, "issuer-unreachable", "Lapse could not read the issuer's keys, so the token cannot be verified.");
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer,
      algorithms: ALGORITHMS,
      currentDate: now,
      clockTolerance: CLOCK_SKEW_SECONDS,
      requiredClaims: ["exp"],
    }));
  } catch (error) {
    throw bearerErrorOf(error);
  }

  const forAudience = candidates.filter((c) => audiences(payload.aud).includes(c.workload.audience!));
  if (forAudience.length === 0) throw new BearerError(401, "wrong-audience", "The token was not minted for a Lapse audience (aud).");
  const matching = forAudience.filter((c) => claimsMeet(c.workload.claimConditions, payload));
  if (matching.length === 0) {
    throw new BearerError(403, "claims-not-allowed", "The token's claims do not meet the conditions of any workload identity for this issuer and audience.");
  }
  if (matching.length > 1) {
    throw new BearerError(403, "ambiguous-workload", `The token matches several workload identities (${matching.map((m) => m.workload.name).join(", ")}); make their conditions exclusive.`);
  }
  return workloadActorOf(matching[0].workload, matching[0].email, payload as Record<string, unknown>);
}

function bearerErrorOf(error: unknown): BearerError {
  if (error instanceof joseErrors.JWTExpired) return new BearerError(401, "token-expired", "The token has expired.");
  if (error instanceof joseErrors.JWKSNoMatchingKey) return new BearerError(401, "unknown-key", "The token is signed with a key the issuer does not publish.");
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return new BearerError(401, "bad-signature", "The token's signature does not verify.");
  if (error instanceof joseErrors.JWTClaimValidationFailed) return new BearerError(401, "invalid-token", `The token is not valid: ${error.reason === "check_failed" ? `its ${error.claim} claim is not acceptable` : `its ${error.claim} claim is missing or wrong`}.`);
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return new BearerError(401, "invalid-token", "The token uses an algorithm Lapse does not accept.");
  return new BearerError(401, "invalid-token", "The token could not be verified.");
}
