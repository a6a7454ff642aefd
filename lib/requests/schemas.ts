// The shape of each request input, shared by server actions and (later) the API.
// Policy-dependent limits are checked afterwards against the resource's current policy.
import { z } from "zod";
import { checkbox } from "@/lib/zod-fields";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : null));

export const createRequestInput = z.object({
  resourceId: z.uuid({ error: "Choose a resource." }),
  accessLevel: z.string().trim().min(1, "Choose an access level.").max(64),
  durationMinutes: z.coerce
    .number({ error: "Enter the duration in minutes." })
    .int("Use whole minutes.")
    .min(1, "The duration must be at least 1 minute.")
    .max(525_600, "The duration is too long."),
  justification: z.string().trim().max(2000, "Keep the justification under 2000 characters.").default(""),
  ticket: optionalText(100, "The ticket reference"),
  // Emergency access without approval, where policy allows it for the requester.
  breakGlass: checkbox,
});
export type CreateRequestInput = z.input<typeof createRequestInput>;

export const decideRequestInput = z.object({
  requestId: z.uuid({ error: "Unknown request." }),
  comment: z.string().trim().max(1000, "Keep the comment under 1000 characters.").default(""),
});
export type DecideRequestInput = z.input<typeof decideRequestInput>;

export const cancelRequestInput = z.object({
  requestId: z.uuid({ error: "Unknown request." }),
});
