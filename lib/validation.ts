// Turns zod's verdict on untrusted input into the field errors a form shows.
import type { z } from "zod";
import { invalid, type FieldErrors } from "./errors";

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  throw invalid("Some fields need attention.", fieldErrors);
}
