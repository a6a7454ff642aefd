// The shape of each extension input, shared by server actions and (later) the API.
// Policy-dependent limits (the maximum total) are checked afterwards against the current policy.
import { z } from "zod";

export const requestExtensionInput = z.object({
  grantId: z.uuid({ error: "Unknown grant." }),
  minutes: z.coerce
    .number({ error: "Enter the extra time in minutes." })
    .int("Use whole minutes.")
    .min(1, "Ask for at least 1 minute.")
    .max(525_600, "That is too long."),
  justification: z.string().trim().max(2000, "Keep the justification under 2000 characters.").default(""),
});
export type RequestExtensionInput = z.input<typeof requestExtensionInput>;

export const decideExtensionInput = z.object({
  extensionId: z.uuid({ error: "Unknown extension." }),
  comment: z.string().trim().max(1000, "Keep the comment under 1000 characters.").default(""),
});
export type DecideExtensionInput = z.input<typeof decideExtensionInput>;

export const cancelExtensionInput = z.object({
  extensionId: z.uuid({ error: "Unknown extension." }),
});
