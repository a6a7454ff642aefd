import { describe, expect, it } from "vitest";
import { claimsMeet, normaliseClaimConditions, parseClaimCondition, unmetClaimConditions } from "./claim-conditions";

describe("claim conditions", () => {
  it("parses claim=value lines and refuses anything else", () => {
    expect(parseClaimCondition(" repository = acme/payments ")).toEqual({ claim: "repository", value: "acme/payments" });
    expect(parseClaimCondition("=x")).toBeNull();
    expect(parseClaimCondition("repository=")).toBeNull();
    expect(parseClaimCondition("no equals sign")).toBeNull();
    expect(parseClaimCondition("bad name=x")).toBeNull();
    expect(() => normaliseClaimConditions(["ref=refs/heads/main", "oops"])).toThrow(/oops/);
    expect(normaliseClaimConditions(["ref=main", " ref = main", ""])).toEqual(["ref=main"]);
  });

  it("matches exact values and globs, and fails on missing or non-text claims", () => {
    const claims = { repository: "acme/payments", ref: "refs/heads/main", sub: "repo:acme/payments:ref:refs/heads/main", run_id: 42, groups: ["a"] };
    expect(claimsMeet(["repository=acme/payments", "ref=refs/heads/main"], claims)).toBe(true);
    expect(claimsMeet(["sub=repo:acme/payments:*"], claims)).toBe(true);
    expect(claimsMeet(["run_id=42"], claims)).toBe(true);
    expect(unmetClaimConditions(["repository=acme/other", "ref=refs/heads/*"], claims)).toEqual(["repository=acme/other"]);
    expect(claimsMeet(["workflow=deploy"], claims)).toBe(false);
    expect(claimsMeet(["groups=a"], claims)).toBe(false);
    // Regex characters in a value are literal; only * is a wildcard.
    expect(claimsMeet(["repository=acme.payments"], { repository: "acmeXpayments" })).toBe(false);
    expect(claimsMeet(["repository=acme/*"], { repository: "acme/x\nevil" })).toBe(true);
    expect(claimsMeet([], {})).toBe(true);
  });
});
