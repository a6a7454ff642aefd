// Pure checks of a request, a requester and an approver against a policy version.
import type { ApprovalRule, Policy } from "@/db/schema";
import type { FieldErrors } from "@/lib/errors";
import type { UserActor } from "@/lib/auth/actor";
import { formatMinutes } from "./duration";

export type PolicyRules = Pick<
  Policy,
  | "accessLevels"
  | "eligibleTeamIds"
  | "eligibleUserIds"
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

export function isEligibleRequester(policy: PolicyRules, actor: UserActor): boolean {
  return policy.eligibleUserIds.includes(actor.id) || sharesTeam(actor.teamIds, policy.eligibleTeamIds);
}

/** Break-glass is allowed for members of the teams the policy names (none named: off). */
export function mayBreakGlass(policy: Pick<Policy, "breakGlassTeamIds">, actor: UserActor): boolean {
  return sharesTeam(actor.teamIds, policy.breakGlassTeamIds);
}

/** May approve resource R = has the approver role and belongs to one of R's approver teams. */
export function isApproverFor(policy: PolicyRules, actor: UserActor): boolean {
  return actor.roles.includes("approver") && sharesTeam(actor.teamIds, policy.approverTeamIds);
}

export function approvalsRequired(rule: ApprovalRule): number {
  return rule === "auto" ? 0 : rule === "single" ? 1 : 2;
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
