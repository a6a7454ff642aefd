// Pure rules about a grant's window in time and about retrying a connector.
import type { GrantStatus } from "@/db/schema";
import { addMinutes } from "./duration";

/** The granted duration starts when access is issued, not when it was requested. */
export function grantWindow(issuedAt: Date, durationMinutes: number): { issuedAt: Date; expiresAt: Date } {
  return { issuedAt, expiresAt: addMinutes(issuedAt, durationMinutes) };
}

export interface GrantTimes {
  status: GrantStatus;
  issuedAt: Date | null;
  expiresAt: Date | null;
  /** Set when a person or a rule ended the grant early; access ends at that moment. */
  revokeRequestedAt: Date | null;
}

/**
 * Does this grant give access at `now`? Decided by the clock, not by the ledger's status
 * alone: from expires_at on the answer is no, even while revocation is still being retried.
 */
export function isGrantLive(grant: GrantTimes, now: Date): boolean {
  return (
    grant.status === "active" &&
    grant.revokeRequestedAt === null &&
    grant.issuedAt !== null &&
    grant.expiresAt !== null &&
    grant.issuedAt.getTime() <= now.getTime() &&
    now.getTime() < grant.expiresAt.getTime()
  );
}

/** Past its time, or ended early, but not yet confirmed revoked by the connector. */
export function isRevocationPending(grant: GrantTimes, now: Date): boolean {
  if (grant.status !== "active" && grant.status !== "issuing") return false;
  if (grant.revokeRequestedAt !== null) return true;
  return grant.status === "active" && grant.expiresAt !== null && grant.expiresAt.getTime() <= now.getTime();
}

/** The revoke reason recorded when the holder gives a grant back themselves (their message says so in their words). */
export const RELINQUISHED_REASON = "relinquished by the holder";

/** How a grant that ends becomes final: expired when its time was up, revoked when ended early. */
export function endingOf(grant: GrantTimes): "expire" | "revoke" {
  if (grant.revokeRequestedAt === null) return "expire";
  return grant.expiresAt !== null && grant.expiresAt.getTime() <= grant.revokeRequestedAt.getTime() ? "expire" : "revoke";
}

const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 15 * 60_000;

/** Exponential backoff for connector retries: 5 s, 10 s, 20 s, … capped at 15 minutes. */
export function retryDelayMs(attempt: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 20));
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** exponent);
}

/**
 * How long a worker may hold a grant while it talks to a connector before others may retry.
 * LAPSE_CONNECTOR_LEASE_MS overrides it (at least 1 s; the worker crash test shortens it).
 */
export const CONNECTOR_LEASE_MS = ((configured) => (Number.isFinite(configured) && configured >= 1_000 ? configured : 60_000))(
  Number(process.env.LAPSE_CONNECTOR_LEASE_MS),
);
