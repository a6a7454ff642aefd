import "server-only";
// Server-side sessions: the cookie only names one. A session is live while it has not been
// ended (sign-out, sign-out everywhere), has seen activity within the idle limit, and is
// younger than the absolute limit; a session found past a limit is ended with that reason.
import { and, desc, eq, gt, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, sessions, type SignInMethod } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "./actor";
import { authorize } from "./permissions";
import type { Deps } from "@/lib/deps";
import { sessionLimits, TOUCH_INTERVAL_MS } from "./session-limits";

export type SessionVerdict = "live" | "ended" | "idle" | "expired" | "unknown";

export async function checkSession(
  db: Db,
  input: { sessionId: string; userId: string; activity: boolean },
  now: Date,
  limits = sessionLimits(),
): Promise<SessionVerdict> {
  return (await inspectSession(db, input, now, limits)).verdict;
}

/** As checkSession, with what a live session says about its sign-in (for step-up). */
export async function inspectSession(
  db: Db,
  input: { sessionId: string; userId: string; activity: boolean },
  now: Date,
  limits = sessionLimits(),
): Promise<{ verdict: SessionVerdict; authenticatedAt?: Date; method?: SignInMethod }> {
  const [session] = await db.select().from(sessions).where(and(eq(sessions.id, input.sessionId), eq(sessions.userId, input.userId)));
  if (!session) return { verdict: "unknown" };
  if (session.endedAt) return { verdict: "ended" };
  const reason =
    now.getTime() - session.createdAt.getTime() >= limits.absoluteMs ? "expired" : now.getTime() - session.lastSeenAt.getTime() >= limits.idleMs ? "idle" : null;
  if (reason) {
    await db
      .update(sessions)
      .set({ endedAt: now, endedReason: reason })
      .where(and(eq(sessions.id, session.id), isNull(sessions.endedAt)));
    return { verdict: reason };
  }
  if (input.activity && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, session.id), isNull(sessions.endedAt), lt(sessions.lastSeenAt, now)));
  }
  return { verdict: "live", authenticatedAt: session.authenticatedAt, method: session.method };
}

/** Sign-out: ends the one session (the cookie is cleared by next-auth). */
export async function endSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now, endedReason: "signed out" })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
}

/**
 * Sign-out everywhere: every open session of the acting user ends, this one included, and so
 * does every live decision token (each was made from one of those sessions' sign-ins).
 */
export async function endAllMySessions(actor: UserActor, deps: Pick<Deps, "db" | "clock">): Promise<number> {
  authorize(actor, "session.manage-own");
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ endedAt: now, endedReason: "signed out everywhere" })
      .where(and(eq(sessions.userId, actor.id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    const tokens = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.userId, actor.id), isNotNull(apiTokens.signedInAt), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)))
      .returning({ id: apiTokens.id });
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "auth.signed_out_everywhere",
      occurredAt: now,
      details: { sessionsEnded: ended.length, decisionTokensRevoked: tokens.length },
    });
    return ended.length;
  });
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
}

/** The acting user's open sessions, newest first (ended ones are history, kept for evidence). */
export async function listMyOpenSessions(actor: UserActor, deps: Pick<Deps, "db">): Promise<SessionView[]> {
  authorize(actor, "session.manage-own");
  const rows = await deps.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, actor.id), isNull(sessions.endedAt)))
    .orderBy(desc(sessions.createdAt))
    .limit(100);
  return rows.map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }));
}
