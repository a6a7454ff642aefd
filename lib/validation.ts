// Turns zod's verdict on untrusted input into the field errors a form shows.
import type { z } from "zod";
import { invalid, type FieldErrors } from "./errors";

/** PostgreSQL text cannot hold U+0000, so such input is refused here with a clear message instead of failing at the database. */
const NUL_MESSAGE = "Remove the invisible NUL character from this text.";

/** The top-level fields of `input` holding a string with U+0000 anywhere inside them. */
function fieldsWithNul(input: unknown): string[] {
  const hasNul = (value: unknown, depth: number): boolean =>
    typeof value === "string"
      ? value.includes("\u0000")
      : depth < 5 && value !== null && typeof value === "object" && Object.values(value).some((v) => hasNul(v, depth + 1));
  if (input === null || typeof input !== "object") return hasNul(input, 0) ? ["form"] : [];
  return Object.entries(input).flatMap(([key, value]) => (hasNul(value, 1) ? [key] : []));
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const fieldErrors: FieldErrors = {};
  for (const field of fieldsWithNul(input)) fieldErrors[field] = [NUL_MESSAGE];
  const result = schema.safeParse(input);
  if (result.success && Object.keys(fieldErrors).length === 0) return result.data;
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  throw invalid("Some fields need attention.", fieldErrors);
}
