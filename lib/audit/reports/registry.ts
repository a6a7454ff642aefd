// Every exportable evidence report, by the name used in its export URL.
import type { Cell, PagedReport } from "./export-report";
import { GRANT_REPORT } from "./grant-report";

export const REPORTS: Record<string, PagedReport<Record<string, Cell>>> = {
  grants: GRANT_REPORT as unknown as PagedReport<Record<string, Cell>>,
};
