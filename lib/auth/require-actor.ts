import "server-only";
// The only place that reads the session. Cached per request.
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getDbHandle } from "@/db/client";
import type { UserActor } from "./actor";
import { authOptions } from "./auth-options";
import { loadUserActor } from "./load-actor";

/** The signed-in, enabled user acting in this request, or null. */
export const getActor = cache(async (): Promise<UserActor | null> => {
  const session = await getServerSession(authOptions);
  const userId = session?.user?.id;
  if (!userId) return null;
  const { db } = await getDbHandle();
  return loadUserActor(db, userId);
});

/** For pages and server actions: the actor, or a redirect to sign-in. */
export async function requireActor(): Promise<UserActor> {
  const actor = await getActor();
  if (!actor) redirect("/login");
  return actor;
}
