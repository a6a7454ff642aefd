import "server-only";
// The attempt limits every password check shares (sign-in and step-up): after too many
// failures for one account (the email as typed, existing or not) or from one address within
// the window, further attempts are refused without checking the password. Kept in the
// database, so every instance enforces the same limit.
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { signInFailures } from "@/db/schema";
import { UNKNOWN_ADDRESS } from "@/lib/http/client-address";

export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
const SIGN_IN_LOCK_CLASS = 724_151;

export interface Attempt {
  /** The email as typed, lower-cased: unknown accounts are counted like real ones. */
  accountKey: string;
  address: string;
}

export function attemptOf(email: string, address: string): Attempt {
  return { accountKey: email.trim().toLowerCase().slice(0, 320), address: address.slice(0, 100) || UNKNOWN_ADDRESS };
}

/**
 * Inside the attempt's transaction: serialises attempts on one account (so parallel guesses
 * cannot slip past the count) and says which limit, if any, refuses this one.
 */
export async function checkAttemptLimits(tx: Tx, attempt: Attempt, now: Date): Promise<{ limit: "account" | "address"; retryAfterSeconds: number } | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SIGN_IN_LOCK_CLASS}, hashtext(${attempt.accountKey}))`);
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const recent = (column: typeof signInFailures.accountKey | typeof signInFailures.address, value: string) =>
    tx
      .select({ n: count(), oldest: min(signInFailures.at) })
      .from(signInFailures)
      .where(and(eq(column, value), gt(signInFailures.at, since)));
  // Without a proxy reporting addresses every client looks alike ("unknown"): counting them
  // together would let anyone lock everyone out, so only the per-account limit applies then.
  const [[byAccount], [byAddress]] = await Promise.all([
    recent(signInFailures.accountKey, attempt.accountKey),
    attempt.address === UNKNOWN_ADDRESS ? [{ n: 0, oldest: null }] : recent(signInFailures.address, attempt.address),
  ]);
  const limited = byAccount.n >= MAX_FAILURES_PER_ACCOUNT ? byAccount : byAddress.n >= MAX_FAILURES_PER_ADDRESS ? byAddress : null;
  if (!limited) return null;
  const freeAt = new Date(limited.oldest!).getTime() + SIGN_IN_WINDOW_MS;
  return { limit: limited === byAccount ? "account" : "address", retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)) };
}

export async function recordFailedAttempt(tx: Tx, attempt: Attempt, now: Date): Promise<void> {
  await tx.insert(signInFailures).values({ accountKey: attempt.accountKey, address: attempt.address, at: now });
}

/** A success clears the account's count; the address keeps its own. */
export async function clearAccountFailures(tx: Tx, attempt: Attempt): Promise<void> {
  await tx.delete(signInFailures).where(eq(signInFailures.accountKey, attempt.accountKey));
}
