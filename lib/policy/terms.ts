// The editable terms of a policy version: everything DESIGN §3 lets a control owner set.
// Free of database imports so the editor (a client component) shares it with the service.
import type { ApprovalRule } from "@/db/enums";

export interface PolicyTerms {
  accessLevels: string[];
  eligibleTeamIds: string[];
  eligibleUserIds: string[];
  eligibleWorkloadIds: string[];
  /** "claim=value" conditions a workload's OIDC claims must meet for `auto` to approve alone. */
  autoApprovalClaims: string[];
  approvalRule: ApprovalRule;
  approverTeamIds: string[];
  defaultDurationMinutes: number;
  maxDurationMinutes: number;
  requireJustification: boolean;
  /** A ticket reference is required exactly when a pattern is set. */
  ticketPattern: string | null;
  ticketHint: string | null;
  extensionsAllowed: boolean;
  /** The most a grant may last in total with its extensions; null while extensions are off. */
  maxTotalMinutes: number | null;
  breakGlassTeamIds: string[];
  breakGlassReviewMinutes: number;
  approvalTimeoutMinutes: number;
  maxLiveGrants: number;
  /** How long before a grant ends its holder is warned (notifications). */
  expiryWarningMinutes: number;
}

export const POLICY_TERM_KEYS = [
  "accessLevels",
  "eligibleTeamIds",
  "eligibleUserIds",
  "eligibleWorkloadIds",
  "autoApprovalClaims",
  "approvalRule",
  "approverTeamIds",
  "defaultDurationMinutes",
  "maxDurationMinutes",
  "requireJustification",
  "ticketPattern",
  "ticketHint",
  "extensionsAllowed",
  "maxTotalMinutes",
  "breakGlassTeamIds",
  "breakGlassReviewMinutes",
  "approvalTimeoutMinutes",
  "maxLiveGrants",
  "expiryWarningMinutes",
] as const satisfies readonly (keyof PolicyTerms)[];

export type PolicyTermKey = (typeof POLICY_TERM_KEYS)[number];

export const POLICY_TERM_LABELS: Record<PolicyTermKey, string> = {
  accessLevels: "Access levels",
  eligibleTeamIds: "Teams who may request",
  eligibleUserIds: "People who may request",
  eligibleWorkloadIds: "Workload identities who may request",
  autoApprovalClaims: "Claims required for auto-approval",
  approvalRule: "Approval rule",
  approverTeamIds: "Approver teams",
  defaultDurationMinutes: "Default duration",
  maxDurationMinutes: "Maximum duration",
  requireJustification: "Justification required",
  ticketPattern: "Ticket pattern",
  ticketHint: "Ticket hint",
  extensionsAllowed: "Extensions allowed",
  maxTotalMinutes: "Maximum total with extensions",
  breakGlassTeamIds: "Break-glass teams",
  breakGlassReviewMinutes: "Break-glass review deadline",
  approvalTimeoutMinutes: "Approval timeout",
  maxLiveGrants: "Live grants per person",
  expiryWarningMinutes: "Expiry warning lead time",
};

/** The terms of a stored version (a policy row has more columns: ids, status, authorship). */
export function termsOf(policy: PolicyTerms): PolicyTerms {
  return Object.fromEntries(POLICY_TERM_KEYS.map((key) => [key, policy[key]])) as unknown as PolicyTerms;
}
