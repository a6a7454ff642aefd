import "server-only";
// next-auth configuration. The session token carries the user id only; who the user is
// (roles, teams, disabled) is read from the database on every request by requireActor().
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDbHandle } from "@/db/client";
import { log } from "@/lib/log";
import { clientAddress } from "@/lib/http/client-address";
import { OIDC_PROVIDER_ID, oidcConfig } from "./oidc-config";
import { completeOidcSignIn, oidcProvider } from "./oidc-provider";
import { servesOverHttps, sessionCookies } from "./session-cookies";
import { endSession } from "./sessions";
import { signInWithPassword } from "./sign-in";

/** Thrown to the sign-in form (as its error code) when the attempt limit is reached. */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

const credentialsInput = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

// The cookie's own life; the session it names ends earlier on the server (lib/auth/sessions.ts).
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

// Single sign-on sits next to passwords when LAPSE_OIDC_* are set (lib/auth/oidc-config.ts).
const sso = oidcConfig();

// Secure cookies when people reach Lapse over https (lib/auth/session-cookies.ts).
const secureCookies = servesOverHttps();

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
  useSecureCookies: secureCookies,
  cookies: sessionCookies(secureCookies),
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const parsed = credentialsInput.safeParse(credentials);
        if (!parsed.success) return null;
        let result;
        try {
          const { db } = await getDbHandle();
          result = await signInWithPassword({ ...parsed.data, address: clientAddress(request?.headers ?? {}) }, { db, clock: () => new Date() });
        } catch (error) {
          log.error({ err: error }, "sign-in failed unexpectedly");
          return null;
        }
        if (result.outcome === "rate-limited") throw new Error(TOO_MANY_ATTEMPTS);
        return result.outcome === "signed-in" ? { id: result.userId, sessionId: result.sessionId } : null;
      },
    }),
    ...(sso ? [oidcProvider(sso)] : []),
  ],
  callbacks: {
    // Passwords were checked in authorize(); a single sign-on is mapped to a Lapse account here.
    signIn({ user, account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID || !sso) return true;
      return completeOidcSignIn(user, profile as Parameters<typeof completeOidcSignIn>[1], sso.issuer);
    },
    jwt({ token, user }) {
      const signedIn = user as { id: string; sessionId?: string } | undefined;
      return { sub: signedIn?.id ?? token.sub, sid: signedIn?.sessionId ?? token.sid };
    },
    session({ session, token }) {
      return { expires: session.expires, user: { id: token.sub ?? "", sid: typeof token.sid === "string" ? token.sid : "" } };
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid !== "string") return;
      const { db } = await getDbHandle();
      await endSession(db, token.sid, new Date());
    },
  },
};
