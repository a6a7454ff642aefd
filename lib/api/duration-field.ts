// Durations at the API are ISO 8601 (DESIGN §4): PT15M, PT2H, PT1H30M. Years, months, weeks
// and days are refused (not a fixed number of minutes), and so are negative or fractional ones.
import { z } from "zod";
import { isoDurationToMinutes } from "@/lib/lifecycle/duration";

/** Whole minutes, or a sentence saying what is wrong. */
export function parseApiDuration(text: string): number | string {
  const value = text.trim().toUpperCase();
  if (value.startsWith("-")) return "The duration must be positive, e.g. PT15M.";
  if (/^P(?:\d+[YMWD])+(?:T.*)?$/.test(value)) return "Give the duration in hours and minutes (e.g. PT15M, PT2H): years, months, weeks and days are not allowed.";
  if (/[.,]/.test(value)) return "Use whole minutes, e.g. PT15M.";
  const minutes = isoDurationToMinutes(value);
  if (minutes === null) return "Give the duration as ISO 8601 in whole minutes, e.g. PT15M or PT1H30M.";
  if (minutes < 1) return "The duration must be at least 1 minute (PT1M).";
  return minutes;
}

export const isoDurationField = z
  .string({ error: "Give the duration as an ISO 8601 string, e.g. PT15M." })
  .max(40, "Give the duration as ISO 8601, e.g. PT15M.")
  .meta({ description: "ISO 8601 duration in whole minutes, e.g. PT15M, PT2H", examples: ["PT15M"] })
  .transform((text, ctx) => {
    const parsed = parseApiDuration(text);
    if (typeof parsed === "string") {
      ctx.addIssue({ code: "custom", message: parsed });
      return z.NEVER;
    }
    return parsed;
  });
