import "server-only";
// next-auth configuration. The session token carries the user id only; who the user is
// (roles, teams, disabled) is read from the database on every request by requireActor().
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDbHandle } from "@/db/client";
import { log } from "@/lib/log";
import { authenticateWithPassword } from "./authenticate-user";

const credentialsInput = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 15 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    Credentials({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const parsed = credentialsInput.safeParse(credentials);
        if (!parsed.success) return null;
        try {
          const { db } = await getDbHandle();
          return await authenticateWithPassword(db, parsed.data.email, parsed.data.password);
        } catch (error) {
          log.error({ err: error }, "sign-in failed unexpectedly");
          return null;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      return { sub: user?.id ?? token.sub };
    },
    session({ session, token }) {
      return { expires: session.expires, user: { id: token.sub ?? "" } };
    },
  },
};
