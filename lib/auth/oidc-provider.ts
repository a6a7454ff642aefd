import "server-only";
// The next-auth side of single sign-on: the provider (discovered from the issuer, the ID token
// read and verified, PKCE and state checked) and what happens once the provider answers: the
// claims go to signInWithOidc, which maps them to a Lapse account and opens the session.
import type { Awaitable, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { headers } from "next/headers";
import { getDbHandle } from "@/db/client";
import { clientAddress, UNKNOWN_ADDRESS } from "@/lib/http/client-address";
import type { Deps } from "@/lib/deps";
import { log } from "@/lib/log";
import { OIDC_PROVIDER_ID, type OidcConfig } from "./oidc-config";
import { signInWithOidc, type OidcRefusal } from "./sign-in-with-oidc";

interface OidcClaims {
  sub: string;
  email?: string;
  email_verified?: unknown;
  name?: string;
  iss?: string;
  auth_time?: number;
}

export function oidcProvider(config: OidcConfig): OAuthConfig<OidcClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.name,
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    // The provider's subject stands in until the sign-in callback maps the person to a Lapse account.
    profile: (claims): Awaitable<User> => ({ id: claims.sub, email: claims.email ?? null, name: claims.name ?? null }),
  };
}

/** Shown on the login page (its ?error=), one sentence per refusal. */
export const OIDC_ERRORS: Record<string, string> = {
  OidcUnverified: "Your single sign-on account has no verified email address, so Lapse cannot tell who you are. Ask your identity team to verify it.",
  OidcUnknown: "No Lapse account uses the email address your single sign-on account gives. Ask a Lapse admin to add you.",
  OidcDisabled: "Your Lapse account is disabled. Ask a Lapse admin if you think this is a mistake.",
  OidcFailed: "Single sign-on did not complete. Try again in a moment.",
};
const ERROR_OF: Record<OidcRefusal, keyof typeof OIDC_ERRORS> = { unverified: "OidcUnverified", unknown: "OidcUnknown", disabled: "OidcDisabled" };

async function requestAddress(): Promise<string> {
  try {
    return clientAddress(await headers());
  } catch {
    return UNKNOWN_ADDRESS;
  }
}

/**
 * next-auth's signIn callback for the provider: true once a Lapse session is open (the user
 * object then carries the Lapse user id and session id into the token), else the login page
 * with the reason.
 */
export async function completeOidcSignIn(user: User, claims: OidcClaims | undefined, issuer: string, deps?: Pick<Deps, "db" | "clock">): Promise<true | string> {
  if (!claims?.sub) return `/login?error=OidcFailed`;
  try {
    const { db, clock } = deps ?? { db: (await getDbHandle()).db, clock: () => new Date() };
    const result = await signInWithOidc(
      { email: claims.email, emailVerified: claims.email_verified, issuer: claims.iss ?? issuer, subject: claims.sub, authTime: claims.auth_time, address: await requestAddress() },
      { db, clock },
    );
    if (result.outcome === "refused") return `/login?error=${ERROR_OF[result.reason]}`;
    Object.assign(user, { id: result.userId, sessionId: result.sessionId });
    return true;
  } catch (error) {
    log.error({ err: error }, "single sign-on failed unexpectedly");
    return `/login?error=OidcFailed`;
  }
}
