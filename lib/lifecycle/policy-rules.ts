// Pure checks of a request, a requester and an approver against a policy version.
import type { ApprovalRule, Policy } from "@/db/schema";
import type { FieldErrors } from "@/lib/errors";
import type { Actor, UserActor } from "@/lib/auth/actor";
import { claimsMeet } from "@/lib/workloads/claim-conditions";
import { formatMinutes } from "./duration";

export type PolicyRules = Pick<
  Policy,
  | "accessLevels"
  | "eligibleTeamIds"
  | "eligibleUserIds"
  | "eligibleWorkloadIds"
  | "autoApprovalClaims"
  | "approvalRule"
  | "approverTeamIds"
  | "defaultDurationMinutes"
  | "maxDurationMinutes"
  | "requireJustification"
  | "ticketPattern"
  | "ticketHint"
>;

export interface RequestTerms {
  accessLevel: string;
  durationMinutes: number;
  justification: string;
  ticket: string | null;
}

const sharesTeam = (teamIds: readonly string[], allowed: readonly string[]) =>
  teamIds.some((id) => allowed.includes(id));

/** A person by name or team; a workload identity only by name (it belongs to no team). */
export function isEligibleRequester(policy: PolicyRules, actor: Actor): boolean {
  if (actor.kind === "workload") return policy.eligibleWorkloadIds.includes(actor.workloadId);
  return policy.eligibleUserIds.includes(actor.id) || sharesTeam(actor.teamIds, policy.eligibleTeamIds);
}

/** Break-glass is allowed for members of the teams the policy names (none named: off). Never for a workload. */
export function mayBreakGlass(policy: Pick<Policy, "breakGlassTeamIds">, actor: Actor): boolean {
  return actor.kind === "user" && sharesTeam(actor.teamIds, policy.breakGlassTeamIds);
}

/** May approve resource R = has the approver role and belongs to one of R's approver teams. */
export function isApproverFor(policy: PolicyRules, actor: UserActor): boolean {
  return actor.roles.includes("approver") && sharesTeam(actor.teamIds, policy.approverTeamIds);
}

export function approvalsRequired(rule: ApprovalRule): number {
  return rule === "auto" ? 0 : rule === "single" ? 1 : 2;
}

/**
 * Approvals this requester needs. Under `auto`, a policy that requires claims approves by
 * itself only a workload whose verified OIDC claims meet them; anyone else (a person, an
 * API key, a token from another branch) waits for one approver.
 */
export function approvalsRequiredFor(policy: Pick<PolicyRules, "approvalRule" | "autoApprovalClaims">, actor: Actor): number {
  const base = approvalsRequired(policy.approvalRule);
  if (base > 0 || policy.autoApprovalClaims.length === 0) return base;
  const claims = actor.kind === "workload" ? actor.claims : {};
  return claimsMeet(policy.autoApprovalClaims, claims) ? 0 : 1;
}

/** Field-by-field problems with the terms of a request under this policy; empty when none. */
export function checkTermsAgainstPolicy(policy: PolicyRules, terms: RequestTerms): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (!policy.accessLevels.includes(terms.accessLevel)) {
    add("accessLevel", `Choose one of: ${policy.accessLevels.join(", ")}.`);
  }
  if (terms.durationMinutes < 1) {
    add("durationMinutes", "The duration must be at least 1 minute.");
  } else if (terms.durationMinutes > policy.maxDurationMinutes) {
    add("durationMinutes", `At most ${formatMinutes(policy.maxDurationMinutes)} for this resource.`);
  }
  if (policy.requireJustification && terms.justification.trim().length === 0) {
    add("justification", "Say why you need this access.");
  }
  if (policy.ticketPattern) {
    if (!terms.ticket) {
      add("ticket", "A ticket reference is required for this resource.");
    } else if (!ticketMatches(policy.ticketPattern, terms.ticket)) {
      add("ticket", policy.ticketHint ? `Enter ${policy.ticketHint}.` : `The ticket reference must match ${policy.ticketPattern}.`);
    }
  }
  return errors;
}

function ticketMatches(pattern: string, ticket: string): boolean {
  try {
    return new RegExp(pattern, "u").test(ticket);
  } catch {
    // A policy with a broken pattern fails closed: no ticket satisfies it.
    return false;
  }
}
