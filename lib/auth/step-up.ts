import "server-only";
// Step-up: a signed-in person proves who they are again by re-entering their password, which
// refreshes the session's authenticatedAt so acts that need a recent sign-in go through
// (lib/auth/require-recent-authentication.ts). Counted against the same attempt limits as
// sign-in, so the step-up form is no easier to guess through than the sign-in form.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { sessions } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { auditActor, type UserActor } from "./actor";
import { authenticateWithPassword } from "./authenticate-user";
import { authorize } from "./permissions";
import { attemptOf, checkAttemptLimits, clearAccountFailures, recordFailedAttempt } from "./sign-in-limits";
import { SIGN_IN } from "./sign-in";

export const stepUpInput = z.object({
  password: z.string().min(1, "Enter your password.").max(1024),
  /** The session to refresh: the caller's own, from its cookie (never from the form). */
  sessionId: z.uuid(),
  address: z.string().max(100),
});
export type StepUpInput = z.input<typeof stepUpInput>;

export type StepUpOutcome = { outcome: "confirmed" } | { outcome: "failed" } | { outcome: "rate-limited"; retryAfterSeconds: number };

export async function stepUpWithPassword(actor: UserActor, input: StepUpInput, deps: Pick<Deps, "db" | "clock">): Promise<StepUpOutcome> {
  authorize(actor, "session.manage-own");
  const { password, sessionId, address: rawAddress } = parseInput(stepUpInput, input);
  const attempt = attemptOf(actor.email, rawAddress);
  const { accountKey, address } = attempt;
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const limited = await checkAttemptLimits(tx, attempt, now);
    if (limited) {
      await appendAuditEvent(tx, { actor: SIGN_IN, action: "auth.sign_in_refused", occurredAt: now, details: { email: accountKey, address, limit: limited.limit, stepUp: true } });
      return { outcome: "rate-limited", retryAfterSeconds: limited.retryAfterSeconds };
    }
    const user = await authenticateWithPassword(tx, actor.email, password);
    if (!user || user.id !== actor.id) {
      await recordFailedAttempt(tx, attempt, now);
      await appendAuditEvent(tx, { actor: auditActor(actor), action: "auth.step_up_failed", occurredAt: now, details: { sessionId, address } });
      return { outcome: "failed" };
    }
    await clearAccountFailures(tx, attempt);
    const [refreshed] = await tx
      .update(sessions)
      .set({ authenticatedAt: now, lastSeenAt: now })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.id), isNull(sessions.endedAt)))
      .returning({ id: sessions.id });
    // An ended session (signed out elsewhere meanwhile) is not revived: sign in again.
    if (!refreshed) throw notFound("Your session has ended. Sign in again.");
    await appendAuditEvent(tx, { actor: auditActor(actor), action: "auth.step_up", occurredAt: now, details: { sessionId, address, method: "password" } });
    return { outcome: "confirmed" };
  });
}
