// The policy editor's input, as the form and (later) the API send it. Rules that involve
// several fields (maximum ≥ default, approver teams unless auto, …) are checked here too,
// so every problem comes back next to the field it belongs to.
import { z } from "zod";
import { APPROVAL_RULES } from "@/db/enums";
import { checkbox } from "@/lib/zod-fields";
import { parseClaimCondition, normaliseClaimConditions } from "@/lib/workloads/claim-conditions";
import type { PolicyTerms } from "./terms";

const minutes = (label: string) =>
  z.coerce
    .number({ error: `Enter ${label} in minutes.` })
    .int("Use whole minutes.")
    .min(1, `${label[0].toUpperCase()}${label.slice(1)} must be at least 1 minute.`)
    .max(525_600, `${label[0].toUpperCase()}${label.slice(1)} must be at most a year.`);

const ids = z.array(z.uuid({ error: "Unknown choice." })).max(200).default([]);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : null));

const ACCESS_LEVEL = /^[a-z0-9][a-z0-9._-]{0,39}$/;

export const savePolicyInput = z
  .object({
    resourceSlug: z.string().min(1).max(100),
    /** The version the editor was opened on; a save against an older one is refused. */
    baseVersion: z.coerce.number().int().min(1),
    accessLevels: z
      .string()
      .max(500)
      .transform((text) => [...new Set(text.split(/[\s,]+/).filter(Boolean))])
      .pipe(
        z
          .array(z.string().regex(ACCESS_LEVEL, "Access levels are lower-case words such as read or admin (letters, digits, - . _)."))
          .min(1, "Name at least one access level.")
          .max(20, "At most 20 access levels."),
      ),
    eligibleTeamIds: ids,
    eligibleUserIds: ids,
    eligibleWorkloadIds: ids,
    // One "claim=value" per line (a value may use * as a wildcard).
    autoApprovalClaims: z
      .string()
      .max(4000, "Keep the claim conditions under 4000 characters.")
      .default("")
      .transform((text) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().refine((line) => parseClaimCondition(line) !== null, "Write each condition as claim=value, e.g. repository=acme/payments."))
          .max(20, "At most 20 claim conditions."),
      ),
    approvalRule: z.enum(APPROVAL_RULES, { error: "Choose an approval rule." }),
    approverTeamIds: ids,
    defaultDurationMinutes: minutes("the default duration"),
    maxDurationMinutes: minutes("the maximum duration"),
    requireJustification: checkbox,
    ticketRequired: checkbox,
    ticketPattern: optionalText(200),
    ticketHint: optionalText(200),
    extensionsAllowed: checkbox,
    maxTotalMinutes: z
      .union([z.literal(""), z.null(), minutes("the maximum total")])
      .optional()
      .transform((value) => (typeof value === "number" ? value : null)),
    breakGlassTeamIds: ids,
    breakGlassReviewMinutes: minutes("the review deadline"),
    approvalTimeoutMinutes: minutes("the approval timeout"),
    maxLiveGrants: z.coerce
      .number({ error: "Enter a number." })
      .int("Use a whole number.")
      .min(1, "Allow at least one live grant.")
      .max(100, "At most 100 live grants."),
    // Absent (a caller that does not know this term) keeps the current version's value.
    expiryWarningMinutes: z
      .union([z.literal(""), minutes("the expiry warning")])
      .optional()
      .transform((value) => (typeof value === "number" ? value : null)),
  })
  .superRefine((input, ctx) => {
    const add = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (input.maxDurationMinutes < input.defaultDurationMinutes) {
      add("maxDurationMinutes", "The maximum must be at least the default duration.");
    }
    if (input.approvalRule !== "auto" && input.approverTeamIds.length === 0) {
      add("approverTeamIds", "Choose at least one approver team, or use automatic approval.");
    }
    if (input.approvalRule === "auto" && input.autoApprovalClaims.length > 0 && input.approverTeamIds.length === 0) {
      // Requests that miss the claims wait for one approver: without approver teams they could only time out.
      add("approverTeamIds", "Choose who approves the requests that miss the required claims.");
    }
    if (input.ticketRequired) {
      if (!input.ticketPattern) add("ticketPattern", "Give the pattern a ticket reference must match.");
      else if (!isValidPattern(input.ticketPattern)) add("ticketPattern", "This is not a valid regular expression.");
    }
    if (input.extensionsAllowed) {
      if (input.maxTotalMinutes === null) add("maxTotalMinutes", "Give the most a grant may last in total with extensions.");
      else if (input.maxTotalMinutes < input.maxDurationMinutes) add("maxTotalMinutes", "The total must be at least the maximum duration.");
    }
  });

export type SavePolicyInput = z.input<typeof savePolicyInput>;

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

/** The terms a parsed input sets: switched-off options leave no stale values behind. */
export function termsFromInput(input: z.output<typeof savePolicyInput>): PolicyTerms {
  return {
    accessLevels: input.accessLevels,
    eligibleTeamIds: [...new Set(input.eligibleTeamIds)],
    eligibleUserIds: [...new Set(input.eligibleUserIds)],
    eligibleWorkloadIds: [...new Set(input.eligibleWorkloadIds)],
    autoApprovalClaims: normaliseClaimConditions(input.autoApprovalClaims),
    approvalRule: input.approvalRule,
    // Under automatic approval without required claims nobody approves, so no approvers are kept.
    approverTeamIds: input.approvalRule === "auto" && input.autoApprovalClaims.length === 0 ? [] : [...new Set(input.approverTeamIds)],
    defaultDurationMinutes: input.defaultDurationMinutes,
    maxDurationMinutes: input.maxDurationMinutes,
    requireJustification: input.requireJustification,
    ticketPattern: input.ticketRequired ? input.ticketPattern : null,
    ticketHint: input.ticketRequired ? input.ticketHint : null,
    extensionsAllowed: input.extensionsAllowed,
    maxTotalMinutes: input.extensionsAllowed ? input.maxTotalMinutes : null,
    breakGlassTeamIds: [...new Set(input.breakGlassTeamIds)],
    breakGlassReviewMinutes: input.breakGlassReviewMinutes,
    approvalTimeoutMinutes: input.approvalTimeoutMinutes,
    maxLiveGrants: input.maxLiveGrants,
    // The column's default; savePolicy keeps the current version's value when the input left it out.
    expiryWarningMinutes: input.expiryWarningMinutes ?? 10,
  };
}

export const reviewPolicyInput = z.object({
  policyId: z.uuid({ error: "Unknown policy version." }),
});
export type ReviewPolicyInput = z.input<typeof reviewPolicyInput>;
