// Inputs for API tokens and workload API keys: a name and a lifetime in days (every token expires).
import { z } from "zod";

export const MAX_TOKEN_DAYS = 365;

export const createTokenInput = z.object({
  name: z.string({ error: "Name the token." }).trim().min(1, "Name the token, e.g. laptop CLI.").max(100, "Keep the name under 100 characters."),
  expiresInDays: z.coerce
    .number({ error: "Enter the lifetime in days." })
    .int("Use whole days.")
    .min(1, "A token lasts at least 1 day.")
    .max(MAX_TOKEN_DAYS, `A token lasts at most ${MAX_TOKEN_DAYS} days.`),
});
export type CreateTokenInput = z.input<typeof createTokenInput>;

/** A decision token lasts as long as the sign-in it is made under stays recent: no lifetime to choose. */
export const createDecisionTokenInput = createTokenInput.pick({ name: true });
export type CreateDecisionTokenInput = z.input<typeof createDecisionTokenInput>;

export const tokenIdInput = z.object({ tokenId: z.uuid({ error: "Unknown token." }) });
