import "server-only";
// Who acts behind a session cookie, once next-auth has decoded it: the cookie must name a live
// server-side session of that user (not signed out, not idle, not past its absolute limit), and
// the user must exist and be enabled now. requireActor() is this plus reading the cookie; the
// authorization matrix calls it directly to show a disabled account never gets an actor.
import type { Db } from "@/db/client";
import type { SignInMethod } from "@/db/schema";
import type { UserActor } from "./actor";
import { loadUserActor } from "./load-actor";
import { inspectSession } from "./sessions";

export interface SignedInSession {
  actor: UserActor;
  sessionId: string;
  method: SignInMethod;
}

export async function actorOfSession(db: Db, input: { userId: string; sessionId: string; activity: boolean }, now: Date): Promise<SignedInSession | null> {
  const found = await inspectSession(db, input, now);
  if (found.verdict !== "live" || !found.authenticatedAt || !found.method) return null;
  const actor = await loadUserActor(db, input.userId, found.authenticatedAt);
  return actor ? { actor, sessionId: input.sessionId, method: found.method } : null;
}
