// Building the policy editor's input in tests.
import type { Policy } from "@/db/schema";
import type { SavePolicyInput } from "@/lib/policy/schemas";

/** The editor's input for the resource's current policy, with some terms changed. */
export function policyEdit(s: { resource: { slug: string } }, current: Policy, changes: Partial<SavePolicyInput> = {}): SavePolicyInput {
  return {
    resourceSlug: s.resource.slug,
    baseVersion: current.version,
    accessLevels: current.accessLevels.join(" "),
    eligibleTeamIds: current.eligibleTeamIds,
    eligibleUserIds: current.eligibleUserIds,
    eligibleWorkloadIds: current.eligibleWorkloadIds,
    autoApprovalClaims: current.autoApprovalClaims.join("\n"),
    approvalRule: current.approvalRule,
    approverTeamIds: current.approverTeamIds,
    defaultDurationMinutes: current.defaultDurationMinutes,
    maxDurationMinutes: current.maxDurationMinutes,
    requireJustification: current.requireJustification,
    ticketRequired: current.ticketPattern !== null,
    ticketPattern: current.ticketPattern ?? "",
    ticketHint: current.ticketHint ?? "",
    extensionsAllowed: current.extensionsAllowed,
    maxTotalMinutes: current.maxTotalMinutes ?? "",
    breakGlassTeamIds: current.breakGlassTeamIds,
    breakGlassReviewMinutes: current.breakGlassReviewMinutes,
    approvalTimeoutMinutes: current.approvalTimeoutMinutes,
    maxLiveGrants: current.maxLiveGrants,
    expiryWarningMinutes: current.expiryWarningMinutes,
    ...changes,
  };
}
