import "server-only";
// Password sign-in with limits (lib/auth/sign-in-limits.ts). Every outcome is an audit event,
// and a success opens a server-side session. The messages people see never say whether an
// account exists.
import type { Deps } from "@/lib/deps";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { SystemActor } from "./actor";
import { authenticateWithPassword } from "./authenticate-user";
import { openSession } from "./open-session";
import { attemptOf, checkAttemptLimits, clearAccountFailures, recordFailedAttempt } from "./sign-in-limits";

export { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS } from "./sign-in-limits";

export const SIGN_IN: SystemActor = { kind: "system", id: "sign-in", label: "Lapse sign-in" };

export type SignInOutcome =
  | { outcome: "signed-in"; userId: string; sessionId: string }
  | { outcome: "failed" }
  | { outcome: "rate-limited"; retryAfterSeconds: number };

export async function signInWithPassword(
  input: { email: string; password: string; address: string },
  deps: Pick<Deps, "db" | "clock">,
): Promise<SignInOutcome> {
  const attempt = attemptOf(input.email, input.address);
  const { accountKey, address } = attempt;
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const limited = await checkAttemptLimits(tx, attempt, now);
    if (limited) {
      await appendAuditEvent(tx, { actor: SIGN_IN, action: "auth.sign_in_refused", occurredAt: now, details: { email: accountKey, address, limit: limited.limit } });
      return { outcome: "rate-limited", retryAfterSeconds: limited.retryAfterSeconds };
    }

    const user = await authenticateWithPassword(tx, input.email, input.password);
    if (!user) {
      await recordFailedAttempt(tx, attempt, now);
      await appendAuditEvent(tx, { actor: SIGN_IN, action: "auth.sign_in_failed", occurredAt: now, details: { email: accountKey, address } });
      return { outcome: "failed" };
    }
    await clearAccountFailures(tx, attempt);
    const sessionId = await openSession(tx, { user, method: "password", now, details: { address } });
    return { outcome: "signed-in", userId: user.id, sessionId };
  });
}
