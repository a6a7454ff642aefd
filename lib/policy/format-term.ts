// How a policy term's value reads to a person, for the history's diff and audit details.
import { formatMinutes } from "@/lib/lifecycle/duration";
import type { PolicyTermKey } from "./terms";

const RULES: Record<string, string> = { auto: "automatic within limits", single: "one approver", dual: "two approvers" };
const MINUTE_FIELDS: readonly PolicyTermKey[] = [
  "defaultDurationMinutes",
  "maxDurationMinutes",
  "maxTotalMinutes",
  "breakGlassReviewMinutes",
  "approvalTimeoutMinutes",
  "expiryWarningMinutes",
];

export function formatTermValue(field: PolicyTermKey, value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map((v) => names.get(String(v)) ?? String(v)).join(", ") : "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (field === "approvalRule") return RULES[String(value)] ?? String(value);
  if (typeof value === "number" && MINUTE_FIELDS.includes(field)) return formatMinutes(value);
  return String(value);
}
