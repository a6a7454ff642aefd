// Event details for people: readable labels, times in the viewer's zone, nested values
// flattened one level. The raw JSON stays in the database and in exports.
import type { ReactNode } from "react";
import { formatLag } from "@/lib/lifecycle/duration";
import { LocalTime } from "./local-time";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const LABELS: Record<string, string> = {
  lagMs: "revocation lag",
  policyVersion: "policy version",
  approvalRule: "approval rule",
  durationMinutes: "duration (min)",
  accessLevel: "access level",
  connectorResult: "connector said",
  accessPresent: "access present",
  checkedAt: "checked at",
  nextAttemptAt: "next attempt",
};

const label = (key: string) => LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

function formatValue(key: string, value: unknown): ReactNode {
  if (key === "lagMs" && typeof value === "number") return formatLag(value);
  if (typeof value === "string" && ISO_INSTANT.test(value)) return <LocalTime iso={value} seconds />;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "none";
  if (value && typeof value === "object") {
    return (
      <span className="flex flex-col">
        {Object.entries(value).map(([k, v]) => (
          <span key={k}>
            <span className="text-slate-500">{label(k)}:</span> {formatValue(k, v)}
          </span>
        ))}
      </span>
    );
  }
  return String(value);
}

export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details).filter(([, value]) => value !== null && value !== "" && value !== undefined);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <dl className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-slate-500">{label(key)}</dt>
          <dd className="break-words text-slate-800">{formatValue(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
