import { describe, expect, it } from "vitest";
import { classifyPolicyChange } from "./classify-change";
import type { PolicyTerms } from "./terms";

const base: PolicyTerms = {
  accessLevels: ["read", "admin"],
  eligibleTeamIds: ["devops", "sre"],
  eligibleUserIds: ["u1"],
  eligibleWorkloadIds: ["w1"],
  autoApprovalClaims: ["repository=acme/payments"],
  approvalRule: "single",
  approverTeamIds: ["iam", "pam"],
  defaultDurationMinutes: 15,
  maxDurationMinutes: 60,
  requireJustification: true,
  ticketPattern: null,
  ticketHint: null,
  extensionsAllowed: true,
  maxTotalMinutes: 120,
  breakGlassTeamIds: ["sre"],
  breakGlassReviewMinutes: 1440,
  approvalTimeoutMinutes: 240,
  maxLiveGrants: 2,
  expiryWarningMinutes: 10,
};

describe("classifying a policy change", () => {
  const table: [string, Partial<PolicyTerms>, "tighten" | "loosen"][] = [
    ["shorter default", { defaultDurationMinutes: 10 }, "tighten"],
    ["shorter maximum", { maxDurationMinutes: 30 }, "tighten"],
    ["longer maximum", { maxDurationMinutes: 90 }, "loosen"],
    ["longer default", { defaultDurationMinutes: 30 }, "loosen"],
    ["single → dual", { approvalRule: "dual" }, "tighten"],
    ["single → auto", { approvalRule: "auto" }, "loosen"],
    ["fewer eligible teams", { eligibleTeamIds: ["devops"] }, "tighten"],
    ["another eligible team", { eligibleTeamIds: ["devops", "sre", "qa"] }, "loosen"],
    ["one eligible team swapped for another", { eligibleTeamIds: ["devops", "qa"] }, "loosen"],
    ["an eligible person removed", { eligibleUserIds: [] }, "tighten"],
    ["an eligible person added", { eligibleUserIds: ["u1", "u2"] }, "loosen"],
    ["a workload identity removed", { eligibleWorkloadIds: [] }, "tighten"],
    ["a workload identity added", { eligibleWorkloadIds: ["w1", "w2"] }, "loosen"],
    ["a workload identity swapped", { eligibleWorkloadIds: ["w2"] }, "loosen"],
    ["another claim required for auto-approval", { autoApprovalClaims: ["repository=acme/payments", "ref=refs/heads/main"] }, "tighten"],
    ["the claims for auto-approval dropped", { autoApprovalClaims: [] }, "loosen"],
    ["a claim for auto-approval reworded (a glob)", { autoApprovalClaims: ["repository=acme/*"] }, "loosen"],
    ["fewer approver teams", { approverTeamIds: ["iam"] }, "tighten"],
    ["another approver team", { approverTeamIds: ["iam", "pam", "sre"] }, "loosen"],
    ["an access level removed (not a listed tightening: it can push requesters to a higher level)", { accessLevels: ["read"] }, "loosen"],
    ["another access level in place of one", { accessLevels: ["read", "owner"] }, "loosen"],
    ["an access level added", { accessLevels: ["read", "admin", "owner"] }, "loosen"],
    ["ticket newly required", { ticketPattern: "^CHG-[0-9]+$" }, "tighten"],
    ["justification no longer required", { requireJustification: false }, "loosen"],
    ["extensions disallowed", { extensionsAllowed: false, maxTotalMinutes: null }, "tighten"],
    ["smaller total with extensions", { maxTotalMinutes: 90 }, "tighten"],
    ["larger total with extensions", { maxTotalMinutes: 240 }, "loosen"],
    ["fewer live grants", { maxLiveGrants: 1 }, "tighten"],
    ["more live grants", { maxLiveGrants: 3 }, "loosen"],
    ["another expiry warning lead time (not a listed tightening)", { expiryWarningMinutes: 5 }, "loosen"],
    ["break-glass removed", { breakGlassTeamIds: [] }, "tighten"],
    ["break-glass for another team", { breakGlassTeamIds: ["sre", "devops"] }, "loosen"],
    ["a later break-glass review", { breakGlassReviewMinutes: 2880 }, "loosen"],
    ["an earlier break-glass review (not a listed tightening)", { breakGlassReviewMinutes: 60 }, "loosen"],
    ["a shorter approval timeout", { approvalTimeoutMinutes: 60 }, "tighten"],
    ["a longer approval timeout", { approvalTimeoutMinutes: 480 }, "loosen"],
    ["ticket newly required, with a hint", { ticketPattern: "^CHG-[0-9]+$", ticketHint: "a change number" }, "tighten"],
    ["several tightenings together", { maxDurationMinutes: 30, approvalRule: "dual", maxLiveGrants: 1 }, "tighten"],
    ["a tightening with one loosening", { maxDurationMinutes: 30, accessLevels: ["read", "admin", "owner"] }, "loosen"],
  ];

  for (const [name, change, kind] of table) {
    it(`${name} ${kind === "tighten" ? "tightens" : "loosens"}`, () => {
      expect(classifyPolicyChange(base, { ...base, ...change }).kind).toBe(kind);
    });
  }

  it("the same claim conditions in another order are no change", () => {
    const two = { ...base, autoApprovalClaims: ["a=1", "b=2"] };
    expect(classifyPolicyChange(two, { ...two, autoApprovalClaims: ["b=2", "a=1"] }).kind).toBe("none");
  });

  it("dual → single loosens", () => {
    const dual = { ...base, approvalRule: "dual" as const };
    expect(classifyPolicyChange(dual, { ...dual, approvalRule: "single" }).kind).toBe("loosen");
  });

  it("auto → single with approver teams named tightens", () => {
    const auto = { ...base, approvalRule: "auto" as const, approverTeamIds: [], autoApprovalClaims: [] };
    expect(classifyPolicyChange(auto, { ...auto, approvalRule: "single", approverTeamIds: ["iam"] }).kind).toBe("tighten");
  });

  it("under auto with required claims, approvers decide what misses them: another approver team loosens, one fewer tightens", () => {
    const auto = { ...base, approvalRule: "auto" as const, approverTeamIds: ["iam"] };
    expect(classifyPolicyChange(auto, { ...auto, approverTeamIds: ["iam", "pam"] }).kind).toBe("loosen");
    const two = { ...auto, approverTeamIds: ["iam", "pam"] };
    expect(classifyPolicyChange(two, { ...two, approverTeamIds: ["iam"] }).kind).toBe("tighten");
  });

  it("a replaced ticket pattern or reworded hint loosens (it cannot be proven stricter) and a dropped one too", () => {
    const withTicket = { ...base, ticketPattern: "^CHG-[0-9]+$" };
    expect(classifyPolicyChange(withTicket, { ...withTicket, ticketHint: "a change number" }).kind).toBe("loosen");
    expect(classifyPolicyChange(withTicket, { ...withTicket, ticketPattern: "^CHG-[0-9]{4}$" }).kind).toBe("loosen");
    expect(classifyPolicyChange(withTicket, { ...withTicket, ticketPattern: null }).kind).toBe("loosen");
  });

  it("ignores order inside sets and reports nothing when nothing changed", () => {
    expect(classifyPolicyChange(base, { ...base, eligibleTeamIds: ["sre", "devops"] })).toEqual({ kind: "none", changes: [] });
  });

  it("lists each changed field with before, after and its effect", () => {
    const result = classifyPolicyChange(base, { ...base, maxDurationMinutes: 30, maxLiveGrants: 3 });
    expect(result.changes).toEqual([
      { field: "maxDurationMinutes", before: 60, after: 30, effect: "tighten" },
      { field: "maxLiveGrants", before: 2, after: 3, effect: "loosen" },
    ]);
  });
});
