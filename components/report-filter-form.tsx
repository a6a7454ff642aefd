// The filter form every evidence report shares (GET, so a filtered report is a link).
import { FilterSelect } from "./filter-select";
import { Button } from "./ui/button";
import { controlClass } from "./ui/field";

export function ReportFilterForm({
  values,
  resources,
  teams,
  person = "requester",
  actions,
}: {
  values: Record<string, string>;
  resources: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  /** Reports filter by who asked; the audit log by who acted; some reports by neither. */
  person?: "requester" | "actor" | null;
  /** The audit log also filters by action. */
  actions?: { value: string; label: string }[];
}) {
  const dateField = (name: "from" | "to", label: string) => (
    <div>
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={name} name={name} type="date" defaultValue={values[name] ?? ""} className={controlClass} />
    </div>
  );
  return (
    <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Report filter">
      {dateField("from", "From (UTC)")}
      {dateField("to", "To (UTC, inclusive)")}
      <FilterSelect name="resource" label="Resource" allLabel="All resources" value={values.resource ?? null} options={resources.map((r) => ({ value: r.id, label: r.name }))} />
      <FilterSelect name="team" label="Owner team" allLabel="All teams" value={values.team ?? null} options={teams.map((t) => ({ value: t.id, label: t.name }))} />
      {actions && <FilterSelect name="action" label="Action" allLabel="All actions" value={values.action ?? null} options={actions} />}
      {person && (
        <div>
          <label htmlFor={person} className="block text-xs font-medium text-slate-600">
            {person === "requester" ? "Requester email" : "Actor (email or system)"}
          </label>
          <input id={person} name={person} type="text" defaultValue={values[person] ?? ""} className={controlClass} />
        </div>
      )}
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}
