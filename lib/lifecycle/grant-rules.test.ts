import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endingOf, grantWindow, isGrantLive, isRevocationPending, retryDelayMs } from "./grant-rules";

const at = (iso: string) => new Date(iso);

describe("grant rules", () => {
  const { issuedAt, expiresAt } = grantWindow(at("2026-06-01T10:00:00Z"), 15);
  const grant = { status: "active" as const, issuedAt, expiresAt, revokeRequestedAt: null };

  it("starts the window at issuance and lasts exactly the duration", () => {
    expect(expiresAt.toISOString()).toBe("2026-06-01T10:15:00.000Z");
  });

  it("is live from issuance up to, not including, expires_at", () => {
    expect(isGrantLive(grant, at("2026-06-01T09:59:59.999Z"))).toBe(false);
    expect(isGrantLive(grant, at("2026-06-01T10:00:00Z"))).toBe(true);
    expect(isGrantLive(grant, at("2026-06-01T10:14:59.999Z"))).toBe(true);
    expect(isGrantLive(grant, at("2026-06-01T10:15:00Z"))).toBe(false);
  });

  it("denies from the moment a revocation is requested, long before expiry", () => {
    const ended = { ...grant, revokeRequestedAt: at("2026-06-01T10:05:00Z") };
    expect(isGrantLive(ended, at("2026-06-01T10:06:00Z"))).toBe(false);
    expect(isRevocationPending(ended, at("2026-06-01T10:06:00Z"))).toBe(true);
    expect(isRevocationPending({ ...ended, status: "issuing", issuedAt: null, expiresAt: null }, at("2026-06-01T10:06:00Z"))).toBe(true);
    expect(endingOf(ended)).toBe("revoke");
    expect(endingOf(grant)).toBe("expire");
    // Ended early only after its time was already up: it still counts as expired on schedule.
    expect(endingOf({ ...grant, revokeRequestedAt: at("2026-06-01T10:16:00Z") })).toBe("expire");
  });

  it("denies from expires_at whatever the ledger says, and flags revocation as pending", () => {
    const late = at("2026-06-01T10:20:00Z");
    expect(isGrantLive(grant, late)).toBe(false);
    expect(isRevocationPending(grant, late)).toBe(true);
    expect(isRevocationPending({ ...grant, status: "expired" }, late)).toBe(false);
    expect(isGrantLive({ ...grant, status: "issuing" }, at("2026-06-01T10:05:00Z"))).toBe(false);
  });

  it("backs off exponentially with a cap", () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 40_000]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (attempt) => {
        const delay = retryDelayMs(attempt);
        expect(delay).toBeGreaterThanOrEqual(5_000);
        expect(delay).toBeLessThanOrEqual(15 * 60_000);
        expect(retryDelayMs(attempt + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
