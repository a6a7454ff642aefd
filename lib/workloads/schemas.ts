// Registering a workload identity: who owns it, and how it proves who it is — an OIDC token
// from a named issuer (with audience and claim conditions) or an API key Lapse issues.
import { z } from "zod";
import { WORKLOAD_AUTH_KINDS } from "@/db/enums";
import { checkbox } from "@/lib/zod-fields";
import { MAX_TOKEN_DAYS } from "@/lib/api-tokens/schemas";
import { parseClaimCondition } from "./claim-conditions";

export const WORKLOAD_NAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : null));

export const createWorkloadInput = z
  .object({
    name: z
      .string({ error: "Name the workload." })
      .trim()
      .toLowerCase()
      .regex(WORKLOAD_NAME, "Use 2–63 lower-case letters, digits, - . _ (it is written workload:<name>)."),
    ownerTeamId: z.uuid({ error: "Choose the team that owns this workload." }),
    authKind: z.enum(WORKLOAD_AUTH_KINDS, { error: "Choose how the workload authenticates." }),
    issuer: optionalText(500),
    audience: optionalText(200),
    claimConditions: z
      .string()
      .max(4000)
      .default("")
      .transform((text) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
      .pipe(
        z
          .array(z.string().refine((line) => parseClaimCondition(line) !== null, "Write each condition as claim=value, e.g. repository=acme/payments."))
          .max(20, "At most 20 claim conditions."),
      ),
    mayCheckAccess: checkbox,
    /** For an API-key workload: the first key's lifetime. */
    keyExpiresInDays: z.coerce.number().int("Use whole days.").min(1, "A key lasts at least 1 day.").max(MAX_TOKEN_DAYS, `A key lasts at most ${MAX_TOKEN_DAYS} days.`).default(90),
  })
  .superRefine((input, ctx) => {
    const add = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (input.authKind === "oidc") {
      if (!input.issuer) add("issuer", "Give the OIDC issuer URL, e.g. https://token.actions.githubusercontent.com.");
      if (!input.audience) add("audience", "Give the audience the tokens must be minted for.");
      // An issuer alone would let any pipeline of that provider in.
      if (input.claimConditions.length === 0) add("claimConditions", "Name at least one claim condition (e.g. repository=acme/payments): the issuer alone trusts every pipeline it serves.");
    }
  });
export type CreateWorkloadInput = z.input<typeof createWorkloadInput>;

export const workloadIdInput = z.object({ workloadId: z.uuid({ error: "Unknown workload identity." }) });
export const issueWorkloadKeyInput = workloadIdInput.extend({
  expiresInDays: z.coerce.number({ error: "Enter the lifetime in days." }).int("Use whole days.").min(1, "A key lasts at least 1 day.").max(MAX_TOKEN_DAYS, `A key lasts at most ${MAX_TOKEN_DAYS} days.`),
});

/** What an admin may change later: the OIDC audience and conditions, and the access-check flag. */
export const updateWorkloadInput = z.object({
  workloadId: z.uuid({ error: "Unknown workload identity." }),
  audience: optionalText(200),
  claimConditions: z
    .string()
    .max(4000)
    .default("")
    .transform((text) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().refine((line) => parseClaimCondition(line) !== null, "Write each condition as claim=value, e.g. repository=acme/payments."))
        .max(20, "At most 20 claim conditions."),
    ),
  mayCheckAccess: checkbox,
});
export type UpdateWorkloadInput = z.input<typeof updateWorkloadInput>;
