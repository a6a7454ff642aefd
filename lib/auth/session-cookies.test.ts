// The cookie attributes Lapse asks next-auth for: httpOnly and SameSite=Lax always, Secure with
// next-auth's __Secure-/__Host- prefixes exactly when NEXTAUTH_URL is https.
import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NextAuthOptions } from "next-auth";
import { servesOverHttps, sessionCookieName, sessionCookies } from "./session-cookies";

// next-auth's framework-free handler (what its route handler wraps), loaded by path as in
// test/integration/oidc-round-trip.test.ts: it shows the cookies next-auth really sets.
const require = createRequire(import.meta.url);
const nextAuthDir = path.dirname(require.resolve("next-auth"));
const { defaultCookies } = require(path.join(nextAuthDir, "core", "lib", "cookie.js")) as { defaultCookies: (secure: boolean) => Record<string, { name: string }> };
const { AuthHandler } = require(path.join(nextAuthDir, "core", "index.js")) as {
  AuthHandler: (params: { req: { origin: string; method: string; action: "csrf"; cookies: Record<string, string> }; options: NextAuthOptions }) => Promise<{
    cookies?: { name: string; value: string; options: Record<string, unknown> }[];
  }>;
};

/** Lapse's next-auth options as a server started with this NEXTAUTH_URL builds them. */
async function authOptionsFor(nextAuthUrl: string): Promise<NextAuthOptions> {
  vi.stubEnv("NEXTAUTH_URL", nextAuthUrl);
  vi.resetModules();
  return (await import("./auth-options")).authOptions;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("session cookies", () => {
  it("are Secure, with the __Secure- prefix (__Host- for the CSRF token), when NEXTAUTH_URL is https", () => {
    expect(servesOverHttps("https://lapse.example.com")).toBe(true);
    expect(servesOverHttps(" HTTPS://lapse.example.com ")).toBe(true);
    const cookies = sessionCookies(servesOverHttps("https://lapse.example.com"));
    expect(cookies.sessionToken).toEqual({ name: "__Secure-next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } });
    expect(cookies.csrfToken.name).toBe("__Host-next-auth.csrf-token");
    for (const [kind, cookie] of Object.entries(cookies)) {
      expect(cookie.options, kind).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
      expect(cookie.name, kind).toMatch(/^__(Secure|Host)-/);
      expect(cookie.options.domain, kind).toBeUndefined(); // __Host- requires no Domain; none of them shares one
    }
    expect(sessionCookieName(true)).toBe("__Secure-next-auth.session-token");
  });

  it("are httpOnly and SameSite=Lax but not Secure over plain http (a browser would drop them)", () => {
    for (const url of ["http://localhost:3000", "", undefined]) expect(servesOverHttps(url)).toBe(false);
    const cookies = sessionCookies(false);
    expect(cookies.sessionToken).toEqual({ name: "next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
    for (const cookie of Object.values(cookies)) {
      expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", secure: false });
      expect(cookie.name).not.toMatch(/^__/);
    }
  });

  it("keep next-auth's own names, so the pages' session check and getToken find the same cookie", () => {
    for (const secure of [true, false]) {
      const ours = sessionCookies(secure);
      const theirs = defaultCookies(secure);
      expect(Object.fromEntries(Object.entries(ours).map(([k, c]) => [k, c.name]))).toEqual(Object.fromEntries(Object.entries(theirs).map(([k, c]) => [k, c.name])));
    }
  });
});

describe("Lapse's next-auth options", () => {
  it("make next-auth set Secure, httpOnly, SameSite=Lax cookies with the __Host- prefix when NEXTAUTH_URL is https", async () => {
    const options = await authOptionsFor("https://lapse.example.com");
    expect(options.useSecureCookies).toBe(true);
    expect(options.cookies?.sessionToken).toEqual({ name: "__Secure-next-auth.session-token", options: { httpOnly: true, sameSite: "lax", path: "/", secure: true } });
    const answer = await AuthHandler({ req: { origin: "https://lapse.example.com", method: "GET", action: "csrf", cookies: {} }, options: { ...options, secret: "cookie-test-secret-0123456789abcdef" } });
    const csrf = answer.cookies?.find((c) => c.name === "__Host-next-auth.csrf-token");
    expect(csrf?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
  });

  it("keep them httpOnly and SameSite=Lax, without Secure, on a plain-http NEXTAUTH_URL", async () => {
    const options = await authOptionsFor("http://localhost:3000");
    expect(options.useSecureCookies).toBe(false);
    const answer = await AuthHandler({ req: { origin: "http://localhost:3000", method: "GET", action: "csrf", cookies: {} }, options: { ...options, secret: "cookie-test-secret-0123456789abcdef" } });
    const csrf = answer.cookies?.find((c) => c.name === "next-auth.csrf-token");
    expect(csrf?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
  });
});
