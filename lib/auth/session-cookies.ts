// The cookies next-auth sets, spelled out rather than left to its defaults: every one httpOnly
// (no script reads them), SameSite=Lax, Path=/, and Secure with the __Secure- prefix (__Host- for
// the CSRF token) when Lapse is served over https. Lax, not Strict: the single sign-on callback
// arrives as a top-level navigation from the provider's site and must carry the state and PKCE
// cookies, and a link to Lapse from mail or chat should open the signed-in page. A cross-site
// POST carries no Lax cookie, and server actions refuse other origins besides.
// Also read by proxy.ts (the session check before pages), so it imports nothing server-only.
import type { CookieOption, CookiesOptions } from "next-auth";

/** Whether the cookies must be Secure: NEXTAUTH_URL, the address people use, is https. */
export function servesOverHttps(nextAuthUrl = process.env.NEXTAUTH_URL): boolean {
  return (nextAuthUrl ?? "").trim().toLowerCase().startsWith("https://");
}

export function sessionCookies(secure: boolean): CookiesOptions {
  const prefix = secure ? "__Secure-" : "";
  const cookie = (name: string, maxAge?: number): CookieOption => ({
    name,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure, ...(maxAge ? { maxAge } : {}) },
  });
  return {
    sessionToken: cookie(`${prefix}next-auth.session-token`),
    callbackUrl: cookie(`${prefix}next-auth.callback-url`),
    // __Host-: Secure, Path=/ and no Domain, so no sibling subdomain can plant one.
    csrfToken: cookie(`${secure ? "__Host-" : ""}next-auth.csrf-token`),
    pkceCodeVerifier: cookie(`${prefix}next-auth.pkce.code_verifier`, 15 * 60),
    state: cookie(`${prefix}next-auth.state`, 15 * 60),
    nonce: cookie(`${prefix}next-auth.nonce`),
  };
}

/** The session cookie's name for this deployment (proxy.ts reads the session from it). */
export const sessionCookieName = (secure = servesOverHttps()) => sessionCookies(secure).sessionToken.name;
