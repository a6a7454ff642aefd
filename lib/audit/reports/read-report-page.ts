import "server-only";
// One page of any evidence report, for the auditor's screen.
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import type { Cell, PagedReport } from "./export-report";
import { scopeFilter, type ReportFilter } from "./report-filter";

export async function readReportPage<Row extends Record<string, Cell>>(
  actor: UserActor,
  report: PagedReport<Row>,
  filter: ReportFilter,
  after: string | null,
  limit: number,
  deps: Pick<Deps, "db" | "clock">,
) {
  authorize(actor, "audit.read");
  return report.page(scopeFilter(filter, report.person), after, limit, deps);
}
