// Every exportable evidence report, by the name used in its URLs, with how people read it.
import { CHANGE_REPORT } from "./change-report";
import { DRIFT_REPORT } from "./drift-report";
import { EVENT_REPORT } from "./event-report";
import { EXCEPTION_REPORT } from "./exception-report";
import { EXTENSION_REPORT } from "./extension-report";
import type { Cell, PagedReport } from "./export-report";
import { GRANT_REPORT } from "./grant-report";
import { REFUSAL_REPORT } from "./refusal-report";
import { REVOCATION_REPORT } from "./revocation-report";
import { SOD_REPORT } from "./separation-of-duties";

type AnyReport = PagedReport<Record<string, Cell>>;

export const REPORTS: Record<string, AnyReport> = {
  grants: GRANT_REPORT as unknown as AnyReport,
  revocation: REVOCATION_REPORT as unknown as AnyReport,
  extensions: EXTENSION_REPORT as unknown as AnyReport,
  exceptions: EXCEPTION_REPORT as unknown as AnyReport,
  refusals: REFUSAL_REPORT as unknown as AnyReport,
  drift: DRIFT_REPORT as unknown as AnyReport,
  changes: CHANGE_REPORT as unknown as AnyReport,
  "separation-of-duties": SOD_REPORT as unknown as AnyReport,
  events: EVENT_REPORT as unknown as AnyReport,
};

export const REPORT_TITLES: Record<string, { title: string; description: string }> = {
  grants: { title: "Grants", description: "Every grant with its approvers, policy version, and how and when it ended." },
  revocation: { title: "Revocation on schedule", description: "Every grant that had to end by now: when access was due to end against when the target confirmed it gone, the lag, and the revocations overdue now." },
  extensions: { title: "Extensions", description: "Every request for more time on a grant, re-authorised under the policy current at the decision: who approved or denied it, and how it ended." },
  exceptions: { title: "Exceptions (break-glass)", description: "Access taken without approval, and the owner team's review: outcome, reviewer, and whether it came on time." },
  refusals: { title: "Denied and timed-out requests", description: "Requests that led to no access: who denied them and why, or that nobody decided in time." },
  drift: { title: "Drift findings", description: "Access a target still showed after Lapse ended it, or that Lapse never issued: what the sweep saw, and when a later check confirmed it gone." },
  changes: { title: "Policy and RACI changes", description: "Every governance change with before and after, and the second owner who confirmed each loosening." },
  "separation-of-duties": { title: "Separation of duties", description: "Every decision on a request or an extension, with who asked and who decided; the checks that must count zero open the file." },
  events: { title: "Audit events", description: "The hash-chained log itself, every event with its links." },
};
