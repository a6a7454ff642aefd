// Single sign-on end to end through next-auth's own handler and a local provider
// (test/oidc-issuer.ts): discovery, the redirect with state and a PKCE challenge, the code
// traded at the token endpoint with the client secret and verifier, the ID token verified,
// then Lapse's mapping, which opens a server-side session the session cookie names.
import { createRequire } from "node:module";
import path from "node:path";
import { eq } from "drizzle-orm";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions } from "@/db/schema";
import { authOptions } from "@/lib/auth/auth-options";
import { completeOidcSignIn, oidcProvider } from "@/lib/auth/oidc-provider";
import type { NextAuthOptions } from "next-auth";
import { ENGINES, useTestDb } from "../db";
import { makeUser } from "../factories";
import { startTestIssuer, type TestIssuer } from "../oidc-issuer";

// next-auth's framework-free handler, which its Next route handler wraps; the package does not
// export it, so it is loaded by path.
const require = createRequire(import.meta.url);
const { AuthHandler } = require(path.join(path.dirname(require.resolve("next-auth")), "core", "index.js")) as {
  AuthHandler: (params: { req: RequestInternal; options: NextAuthOptions }) => Promise<{ redirect?: string; body?: unknown; cookies?: { name: string; value: string }[] }>;
};
interface RequestInternal {
  origin?: string;
  method?: string;
  cookies?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, string>;
  action: "csrf" | "signin" | "callback";
  providerId?: string;
}

const ORIGIN = "http://localhost:3000";
const SECRET = "round-trip-test-secret-0123456789abcdef";
const CLIENT = { clientId: "lapse-portal", clientSecret: "client-secret-42" };

describe.each(ENGINES)("single sign-on round trip on %s", (engine) => {
  const handle = useTestDb(engine);
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await startTestIssuer();
  });
  afterAll(() => issuer.close());

  function options(): NextAuthOptions {
    return {
      ...authOptions,
      secret: SECRET,
      providers: [oidcProvider({ issuer: issuer.url, ...CLIENT, name: "Acme SSO" })],
      callbacks: { ...authOptions.callbacks, signIn: ({ user, profile }) => completeOidcSignIn(user, profile as never, issuer.url, { db: handle().db, clock: () => new Date() }) },
      logger: { error: () => {}, warn: () => {}, debug: () => {} },
    };
  }

  /** Clicks "Sign in with Acme SSO" and follows the provider back; returns where next-auth sends the browser and its cookies. */
  async function signInThroughProvider(tamper: (back: URL) => void = () => {}) {
    const jar: Record<string, string> = {};
    const call = async (req: Omit<RequestInternal, "origin" | "cookies">) => {
      const res = await AuthHandler({ req: { ...req, origin: ORIGIN, cookies: { ...jar } }, options: options() });
      for (const cookie of res.cookies ?? []) jar[cookie.name] = cookie.value;
      return res;
    };
    const csrf = await call({ method: "GET", action: "csrf" });
    const started = await call({ method: "POST", action: "signin", providerId: "oidc", body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, callbackUrl: `${ORIGIN}/approvals` } });
    const authorization = new URL(started.redirect!);
    expect(authorization.origin).toBe(issuer.url);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    const atProvider = await fetch(authorization, { redirect: "manual" });
    const back = new URL(atProvider.headers.get("location")!);
    tamper(back);
    const done = await call({ method: "GET", action: "callback", providerId: "oidc", query: Object.fromEntries(back.searchParams) });
    return { redirect: done.redirect, jar };
  }

  it("signs a verified, known person in: a Lapse session opens and the session cookie names it", async () => {
    const { db } = handle();
    const person = await makeUser(db, { roles: ["approver"] });
    issuer.signInAs({ sub: "acme|1001", email: person.email.toUpperCase(), email_verified: true, name: "Dana" }, CLIENT);
    const { redirect, jar } = await signInThroughProvider();
    expect(redirect).toBe(`${ORIGIN}/approvals`);
    const token = await decode({ token: jar["next-auth.session-token"], secret: SECRET });
    expect(token).toMatchObject({ sub: person.id });
    const [session] = await db.select().from(sessions).where(eq(sessions.id, token!.sid as string));
    expect(session).toMatchObject({ userId: person.id, method: "oidc", endedAt: null });
  });

  it("sends an unverified or unknown address back to the login page with the reason, and opens nothing", async () => {
    const { db } = handle();
    const person = await makeUser(db, { roles: ["approver"] });
    const before = await db.$count(sessions);
    issuer.signInAs({ sub: "acme|1002", email: person.email, email_verified: false }, CLIENT);
    expect((await signInThroughProvider()).redirect).toBe("/login?error=OidcUnverified");
    issuer.signInAs({ sub: "acme|1003", email: `nobody-${crypto.randomUUID()}@example.test`, email_verified: true }, CLIENT);
    const refused = await signInThroughProvider();
    expect(refused.redirect).toBe("/login?error=OidcUnknown");
    expect(refused.jar["next-auth.session-token"]).toBeUndefined();
    expect(await db.$count(sessions)).toBe(before);
  });

  it("refuses a callback whose state is not the one it sent (a forged or replayed answer)", async () => {
    const { db } = handle();
    const person = await makeUser(db, { roles: ["approver"] });
    const before = await db.$count(sessions);
    issuer.signInAs({ sub: "acme|1004", email: person.email, email_verified: true }, CLIENT);
    const forged = await signInThroughProvider((back) => back.searchParams.set("state", "forged-state"));
    expect(forged.redirect).toMatch(/error=/);
    expect(forged.jar["next-auth.session-token"]).toBeUndefined();
    expect(await db.$count(sessions)).toBe(before);
  });
});
