// Turns zod's verdict on untrusted input into the field errors a form shows.
import type { z } from "zod";
import { invalid, type FieldErrors } from "./errors";

/** PostgreSQL text cannot hold U+0000, so such input is refused here with a clear message instead of failing at the database. */
const NUL_MESSAGE = "Remove the invisible NUL character from this text.";
/**
 * Nor can JSON in PostgreSQL hold half of a UTF-16 surrogate pair (a JSON body may carry
 * "\ud83d" alone): the text would reach the audit log's details and fail there, after the
 * checks. Refused here the same way.
 */
const SURROGATE_MESSAGE = "This text holds a broken character (half of an emoji or symbol): retype it.";

type StringFlaw = typeof NUL_MESSAGE | typeof SURROGATE_MESSAGE;

function flawOf(value: unknown, depth: number): StringFlaw | null {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return NUL_MESSAGE;
    return value.isWellFormed() ? null : SURROGATE_MESSAGE;
  }
  if (depth >= 5 || value === null || typeof value !== "object") return null;
  for (const inner of Object.values(value)) {
    const flaw = flawOf(inner, depth + 1);
    if (flaw) return flaw;
  }
  return null;
}

/** The top-level fields of `input` holding a string PostgreSQL cannot store, each with why. */
function flawedFields(input: unknown): [string, StringFlaw][] {
  if (input === null || typeof input !== "object") {
    const flaw = flawOf(input, 0);
    return flaw ? [["form", flaw]] : [];
  }
  return Object.entries(input).flatMap(([key, value]): [string, StringFlaw][] => {
    const flaw = flawOf(value, 1);
    return flaw ? [[key, flaw]] : [];
  });
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const fieldErrors: FieldErrors = {};
  for (const [field, flaw] of flawedFields(input)) fieldErrors[field] = [flaw];
  const result = schema.safeParse(input);
  if (result.success && Object.keys(fieldErrors).length === 0) return result.data;
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    (fieldErrors[field] ??= []).push(issue.message);
  }
  throw invalid("Some fields need attention.", fieldErrors);
}
