// What a policy version changed, field by field, with whether each change tightens or loosens.
import { Badge } from "@/components/ui/badge";
import type { TermChange } from "@/lib/policy/classify-change";
import { formatTermValue } from "@/lib/policy/format-term";
import { POLICY_TERM_LABELS } from "@/lib/policy/terms";

export function PolicyChanges({ changes, names }: { changes: TermChange[]; names: ReadonlyMap<string, string> }) {
  if (changes.length === 0) return <span className="text-slate-400">first version</span>;
  return (
    <ul className="space-y-1">
      {changes.map((change) => (
        <li key={change.field} className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium text-slate-800">{POLICY_TERM_LABELS[change.field]}:</span>
          <del className="text-slate-500">{formatTermValue(change.field, change.before, names)}</del>
          <span aria-hidden>→</span>
          <ins className="no-underline text-slate-900">{formatTermValue(change.field, change.after, names)}</ins>
          <Badge tone={change.effect === "tighten" ? "success" : "warning"}>{change.effect === "tighten" ? "tightens" : "loosens"}</Badge>
        </li>
      ))}
    </ul>
  );
}
