import "server-only";
// Single sign-on: the provider vouches for an email address, and Lapse maps it to the one
// existing, enabled person with that address (compared case-insensitively; the users table
// allows one account per address). Nobody is created here and nobody is linked to a disabled
// account: accounts are made by admins, so offboarding stays in Lapse's hands. The address
// must be verified by the provider (email_verified), or anyone able to set an unverified email
// at the provider could become that person. A success opens the same server-side session and
// writes the same auth.signed_in event as a password sign-in; a refusal is audited too.
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { Deps } from "@/lib/deps";
import { UNKNOWN_ADDRESS } from "@/lib/http/client-address";
import { openSession } from "./open-session";
import { SIGN_IN } from "./sign-in";

export interface OidcIdentity {
  /** The email claim, as the provider sent it. */
  email: string | null | undefined;
  /** The email_verified claim: only `true` (or the string "true" some providers send) counts. */
  emailVerified: unknown;
  issuer: string;
  subject: string;
  /**
   * The auth_time claim: when the person last actually authenticated at the provider. A
   * provider may sign someone in silently from a session of its own; step-up must count from
   * the real authentication, not from this sign-in (the confirm page asks for max_age=0, which
   * obliges the provider to send it).
   */
  authTime?: unknown;
  address?: string;
}

/** When the person last authenticated: the provider's auth_time when it sent a sensible one, else now. */
function authenticatedAtOf(authTime: unknown, now: Date): Date {
  const seconds = typeof authTime === "number" ? authTime : typeof authTime === "string" ? Number(authTime) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return now;
  // Never later than now (a provider's clock running ahead must not extend the step-up window).
  return new Date(Math.min(seconds * 1000, now.getTime()));
}

export type OidcRefusal = "unverified" | "unknown" | "disabled";

export type OidcSignInOutcome = { outcome: "signed-in"; userId: string; sessionId: string } | { outcome: "refused"; reason: OidcRefusal };

export async function signInWithOidc(identity: OidcIdentity, deps: Pick<Deps, "db" | "clock">): Promise<OidcSignInOutcome> {
  const now = deps.clock();
  const email = (identity.email ?? "").trim().slice(0, 320);
  const address = identity.address?.slice(0, 100) || UNKNOWN_ADDRESS;
  const evidence = { email: email.toLowerCase(), issuer: identity.issuer.slice(0, 500), subject: identity.subject.slice(0, 500), address };
  const verified = identity.emailVerified === true || identity.emailVerified === "true";
  return deps.db.transaction(async (tx) => {
    const refuse = async (reason: OidcRefusal): Promise<OidcSignInOutcome> => {
      await appendAuditEvent(tx, { actor: SIGN_IN, action: "auth.oidc_sign_in_refused", occurredAt: now, details: { ...evidence, reason } });
      return { outcome: "refused", reason };
    };
    if (!email || !verified) return refuse("unverified");
    const [user] = await tx
      .select({ id: users.id, email: users.email, disabled: users.disabled })
      .from(users)
      // Only people: a workload's principal row has a placeholder address nobody may sign in as.
      .where(sql`lower(${users.email}) = lower(${email}) and ${users.kind} = 'human'`);
    if (!user) return refuse("unknown");
    if (user.disabled) return refuse("disabled");
    const authenticatedAt = authenticatedAtOf(identity.authTime, now);
    const sessionId = await openSession(tx, {
      user,
      method: "oidc",
      now,
      authenticatedAt,
      details: { address, issuer: evidence.issuer, subject: evidence.subject, authenticatedAt: authenticatedAt.toISOString() },
    });
    return { outcome: "signed-in", userId: user.id, sessionId };
  });
}
