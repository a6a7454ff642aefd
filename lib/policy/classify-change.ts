// Does a policy change tighten or loosen control? DESIGN §3 lists what tightens; a change
// made only of tightenings applies at once. Anything else, including a change this module
// cannot prove stricter (a different ticket pattern, a reworded hint), loosens and waits
// for a second owner. Pure, so the rule is tested as a table.
import type { ApprovalRule } from "@/db/enums";
import { POLICY_TERM_KEYS, type PolicyTermKey, type PolicyTerms } from "./terms";

export type ChangeEffect = "tighten" | "loosen";

export interface TermChange {
  field: PolicyTermKey;
  before: unknown;
  after: unknown;
  effect: ChangeEffect;
}

export interface PolicyChange {
  kind: "none" | ChangeEffect;
  changes: TermChange[];
}

const RULE_STRICTNESS: Record<ApprovalRule, number> = { auto: 0, single: 1, dual: 2 };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const isSubset = (small: readonly string[], big: readonly string[]) => small.every((x) => big.includes(x));

/** Fewer members (a strict subset) tightens; any member added loosens. */
const setEffect = (before: readonly string[], after: readonly string[]): ChangeEffect => (isSubset(after, before) ? "tighten" : "loosen");
/** A smaller limit tightens. */
const lowerIsTighter = (before: number, after: number): ChangeEffect => (after < before ? "tighten" : "loosen");

function effectOf(field: PolicyTermKey, before: PolicyTerms, after: PolicyTerms): ChangeEffect {
  switch (field) {
    case "approverTeamIds":
      // Under auto-approval without required claims nobody approved; naming approvers then adds a
      // check. Otherwise (auto with claims: approvers decide what misses them) more approvers loosen.
      if (before.approvalRule === "auto" && before.autoApprovalClaims.length === 0) return "tighten";
      return setEffect(before.approverTeamIds, after.approverTeamIds);
    case "accessLevels":
      // Not in DESIGN §3's list. Removing a level is not plainly stricter either: with "read"
      // gone, requesters are pushed to the more privileged level that remains. A second owner decides.
      return "loosen";
    case "eligibleTeamIds":
    case "eligibleUserIds":
    case "eligibleWorkloadIds":
    case "breakGlassTeamIds":
      return setEffect(before[field], after[field]);
    case "breakGlassReviewMinutes":
      // Not in DESIGN §3's list of tightenings, so by its rule it waits for a second owner.
      return "loosen";
    case "defaultDurationMinutes":
    case "maxDurationMinutes":
    case "approvalTimeoutMinutes":
    case "maxLiveGrants":
      return lowerIsTighter(before[field], after[field]);
    case "autoApprovalClaims":
      // More conditions tighten (each must hold); dropping or rewording one may let more through.
      return isSubset(before.autoApprovalClaims, after.autoApprovalClaims) ? "tighten" : "loosen";
    case "approvalRule":
      return RULE_STRICTNESS[after.approvalRule] > RULE_STRICTNESS[before.approvalRule] ? "tighten" : "loosen";
    case "requireJustification":
      return after.requireJustification ? "tighten" : "loosen";
    case "ticketPattern":
      // Newly required tightens; dropped or replaced cannot be proven stricter.
      return before.ticketPattern === null ? "tighten" : "loosen";
    case "extensionsAllowed":
      return after.extensionsAllowed ? "loosen" : "tighten";
    case "maxTotalMinutes":
      // Extensions switched off tighten on their own; a smaller total tightens.
      if (after.maxTotalMinutes === null) return "tighten";
      if (before.maxTotalMinutes === null) return "loosen";
      return lowerIsTighter(before.maxTotalMinutes, after.maxTotalMinutes);
    case "expiryWarningMinutes":
      // Not in DESIGN §3's list of tightenings, so by its rule it waits for a second owner.
      return "loosen";
    case "ticketHint":
      // The words that come with a newly required ticket add nothing; rewording an existing rule might.
      return before.ticketPattern === null ? "tighten" : "loosen";
  }
}

function isEqual(field: PolicyTermKey, before: PolicyTerms, after: PolicyTerms): boolean {
  const a = before[field];
  const b = after[field];
  return Array.isArray(a) && Array.isArray(b) ? sameSet(a, b) : a === b;
}

export function classifyPolicyChange(before: PolicyTerms, after: PolicyTerms): PolicyChange {
  const changes = POLICY_TERM_KEYS.filter((field) => !isEqual(field, before, after)).map((field) => ({
    field,
    before: before[field],
    after: after[field],
    effect: effectOf(field, before, after),
  }));
  if (changes.length === 0) return { kind: "none", changes };
  return { kind: changes.some((c) => c.effect === "loosen") ? "loosen" : "tighten", changes };
}
