import "server-only";
// Password sign-in with limits: after too many failures for one account (the email as typed,
// existing or not) or from one address within the window, further attempts are refused
// without checking the password. Every outcome is an audit event, and a success opens a
// server-side session. The messages people see never say whether an account exists.
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Deps } from "@/lib/deps";
import { sessions, signInFailures } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { SystemActor } from "./actor";
import { authenticateWithPassword } from "./authenticate-user";
import { UNKNOWN_ADDRESS } from "@/lib/http/client-address";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
const SIGN_IN_LOCK_CLASS = 724_151;

const SIGN_IN: SystemActor = { kind: "system", id: "sign-in", label: "Lapse sign-in" };

export type SignInOutcome =
  | { outcome: "signed-in"; userId: string; sessionId: string }
  | { outcome: "failed" }
  | { outcome: "rate-limited"; retryAfterSeconds: number };

export async function signInWithPassword(
  input: { email: string; password: string; address: string },
  deps: Pick<Deps, "db" | "clock">,
): Promise<SignInOutcome> {
  const accountKey = input.email.trim().toLowerCase().slice(0, 320);
  const address = input.address.slice(0, 100) || UNKNOWN_ADDRESS;
  const now = deps.clock();
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  return deps.db.transaction(async (tx) => {
    // One attempt per account at a time, so parallel guesses cannot slip past the count.
    await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK_CLASS}, hashtext(${accountKey}))`);
    const recent = (column: typeof signInFailures.accountKey | typeof signInFailures.address, value: string) =>
      tx
        .select({ n: count(), oldest: min(signInFailures.at) })
        .from(signInFailures)
        .where(and(eq(column, value), gt(signInFailures.at, since)));
    // Without a proxy reporting addresses every client looks alike ("unknown"): counting them
    // together would let anyone lock everyone out, so only the per-account limit applies then.
    const [[byAccount], [byAddress]] = await Promise.all([
      recent(signInFailures.accountKey, accountKey),
      address === UNKNOWN_ADDRESS ? [{ n: 0, oldest: null }] : recent(signInFailures.address, address),
    ]);
    const limited = byAccount.n >= MAX_FAILURES_PER_ACCOUNT ? byAccount : byAddress.n >= MAX_FAILURES_PER_ADDRESS ? byAddress : null;
    if (limited) {
      const freeAt = new Date(limited.oldest!).getTime() + SIGN_IN_WINDOW_MS;
      await appendAuditEvent(tx, {
        actor: SIGN_IN,
        action: "auth.sign_in_refused",
        occurredAt: now,
        details: { email: accountKey, address, limit: limited === byAccount ? "account" : "address" },
      });
      return { outcome: "rate-limited", retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
    }

    const user = await authenticateWithPassword(tx, input.email, input.password);
    if (!user) {
      await tx.insert(signInFailures).values({ accountKey, address, at: now });
      await appendAuditEvent(tx, { actor: SIGN_IN, action: "auth.sign_in_failed", occurredAt: now, details: { email: accountKey, address } });
      return { outcome: "failed" };
    }
    // A success clears the account's count; the address keeps its own.
    await tx.delete(signInFailures).where(eq(signInFailures.accountKey, accountKey));
    const [session] = await tx.insert(sessions).values({ userId: user.id, createdAt: now, lastSeenAt: now }).returning({ id: sessions.id });
    await appendAuditEvent(tx, {
      actor: { kind: "user", id: user.id, label: user.email },
      action: "auth.signed_in",
      occurredAt: now,
      details: { sessionId: session.id, address },
    });
    return { outcome: "signed-in", userId: user.id, sessionId: session.id };
  });
}
