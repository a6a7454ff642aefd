// An evidence report's details cell, for a person: a policy change as its field-by-field diff
// (what the policy page shows), anything else as indented JSON that wraps. The exports keep
// the compact JSON for machines.
import { formatTermValue } from "@/lib/policy/format-term";
import { POLICY_TERM_LABELS, type PolicyTermKey } from "@/lib/policy/terms";

interface TermChangeLike {
  field: PolicyTermKey;
  before: unknown;
  after: unknown;
  effect?: string;
}

const isTermChanges = (value: unknown): value is TermChangeLike[] =>
  Array.isArray(value) && value.length > 0 && value.every((c) => typeof c === "object" && c !== null && typeof (c as { field?: unknown }).field === "string" && Object.hasOwn(POLICY_TERM_LABELS, (c as { field: string }).field));

export function AuditDetailsCell({ json, names }: { json: string; names: ReadonlyMap<string, string> }) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return <code className="block max-w-md whitespace-pre-wrap break-words text-xs">{json}</code>;
  }
  if (isTermChanges(parsed)) {
    return (
      <ul className="max-w-md space-y-0.5 text-xs">
        {parsed.map((change) => (
          <li key={change.field}>
            <span className="font-medium">{POLICY_TERM_LABELS[change.field]}</span>: {formatTermValue(change.field, change.before, names)} → {formatTermValue(change.field, change.after, names)}
            {change.effect && <span className="text-slate-600"> ({change.effect === "tighten" ? "tightens" : "loosens"})</span>}
          </li>
        ))}
      </ul>
    );
  }
  return <code className="block max-w-md whitespace-pre-wrap break-words text-xs">{JSON.stringify(parsed, null, 1)}</code>;
}
