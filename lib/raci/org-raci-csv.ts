// The organisation-wide RACI as CSV rows: one line per resource and activity, with the
// accountable, responsible, consulted and informed teams and whether that cell breaks a rule.
// A gap that belongs to no one activity (a required team missing from the whole matrix) has
// no cell to mark, so every line also carries the resource's gaps in words: a spreadsheet
// filtered on either column finds every resource that accepts no requests.
import { CONTROL_ACTIVITIES } from "@/db/enums";
import { csvLine } from "@/lib/http/csv";
import type { OrgRaciRow } from "./list-org-raci";
import { ACTIVITY_LABELS } from "./rules";

export const ORG_RACI_CSV_HEADER = ["resource", "owner team", "activity", "accountable", "responsible", "consulted", "informed", "gap", "resource gaps"] as const;

export function orgRaciCsv(rows: readonly OrgRaciRow[]): string {
  let body = csvLine(ORG_RACI_CSV_HEADER);
  for (const row of rows) {
    const resourceGaps = row.gaps.join(" | ");
    for (const activity of CONTROL_ACTIVITIES) {
      const cell = row.activities[activity];
      body += csvLine([
        row.slug,
        row.ownerTeam,
        ACTIVITY_LABELS[activity],
        cell.accountable.join("; "),
        cell.responsible.join("; "),
        cell.consulted.join("; "),
        cell.informed.join("; "),
        cell.hasGap ? "yes" : "no",
        resourceGaps,
      ]);
    }
  }
  return body;
}
