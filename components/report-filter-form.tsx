// The filter form every evidence report shares (GET, so a filtered report is a link).
import { FilterSelect } from "./filter-select";
import { Button } from "./ui/button";
import { controlClass } from "./ui/field";

export function ReportFilterForm({
  values,
  resources,
  teams,
}: {
  values: Record<string, string>;
  resources: { id: string; name: string }[];
  teams: { id: string; name: string }[];
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
      <div>
        <label htmlFor="requester" className="block text-xs font-medium text-slate-600">
          Requester email
        </label>
        <input id="requester" name="requester" type="email" defaultValue={values.requester ?? ""} className={controlClass} />
      </div>
      <Button type="submit" variant="secondary">
        Apply
      </Button>
    </form>
  );
}
