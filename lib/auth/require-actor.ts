import "server-only";
// The only place that reads the session. Cached per request.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDbHandle } from "@/db/client";
import type { UserActor } from "./actor";
import { authOptions } from "./auth-options";
import { loadUserActor } from "./load-actor";
import { checkSession } from "./sessions";

/**
 * The signed-in, enabled user acting in this request, or null: the cookie must name a live
 * server-side session (not signed out, not idle, not past its absolute limit). `activity`
 * is false for the background polls of open pages, so a forgotten tab still goes idle.
 */
const readActor = cache(async (activity: boolean): Promise<UserActor | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  const sessionId = (session?.user as { sid?: string } | undefined)?.sid;
  if (!userId || !sessionId) return null;
  const { db } = await getDbHandle();
  if ((await checkSession(db, { sessionId, userId, activity }, new Date())) !== "live") return null;
  return loadUserActor(db, userId);
});

export const getActor = (): Promise<UserActor | null> => readActor(true);

/** For the JSON endpoints pages poll in the background: not counted as activity. */
export const getActorWithoutActivity = (): Promise<UserActor | null> => readActor(false);

/** For pages and server actions: the actor, or a redirect to sign-in. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}
