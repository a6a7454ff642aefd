// "Export CSV" and "Export JSON" for an evidence report, carrying the filter shown on the page.
const linkClass = "rounded-md px-3 py-2 text-sm font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50";

export function ExportLinks({ report, filter }: { report: string; filter: Record<string, string> }) {
  const href = (format: "csv" | "json") => `/audit/reports/${report}/export?${new URLSearchParams({ ...filter, format })}`;
  return (
    <div className="flex gap-2">
      <a href={href("csv")} className={linkClass}>
        Export CSV
      </a>
      <a href={href("json")} className={linkClass}>
        Export JSON
      </a>
    </div>
  );
}
