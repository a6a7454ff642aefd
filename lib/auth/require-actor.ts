import "server-only";
// The only place that reads the session. Cached per request.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDbHandle } from "@/db/client";
import type { UserActor } from "./actor";
import { authOptions } from "./auth-options";
import { actorOfSession, type SignedInSession } from "./session-actor";

export type { SignedInSession } from "./session-actor";

/**
 * The signed-in, enabled user acting in this request, with the session behind it, or null:
 * the cookie must name a live server-side session (not signed out, not idle, not past its
 * absolute limit). `activity` is false for the background polls of open pages, so a
 * forgotten tab still goes idle. The actor carries when the session last authenticated, for
 * step-up (lib/auth/require-recent-authentication.ts).
 */
const readSession = cache(async (activity: boolean): Promise<SignedInSession | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  const sessionId = (session?.user as { sid?: string } | undefined)?.sid;
  if (!userId || !sessionId) return null;
  const { db } = await getDbHandle();
  return actorOfSession(db, { userId, sessionId, activity }, new Date());
});

export const getActor = async (): Promise<UserActor | null> => (await readSession(true))?.actor ?? null;

/** For the JSON endpoints pages poll in the background: not counted as activity. */
export const getActorWithoutActivity = async (): Promise<UserActor | null> => (await readSession(false))?.actor ?? null;

/** For pages and server actions: the actor, or a redirect to sign-in. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}

/** For step-up: the actor and the session to refresh, or a redirect to sign-in. */
export async function requireSignedInSession(): Promise<SignedInSession> {
  const session = await readSession(true);
  if (!session) redirect("/login");
  return session;
}
