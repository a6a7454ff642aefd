import "server-only";
// The grants report as a streamed file (CSV or JSON): batches are read by keyset as the
// client consumes them, so memory stays flat whatever the size. The file opens with the
// filter and the audit chain's head at export time, so it can be tied to the record later.
import type { UserActor } from "@/lib/auth/actor";
import type { Deps } from "@/lib/deps";
import { csvLine } from "@/lib/http/csv";
import { getChainHead } from "../get-chain-head";
import { listGrantReport, type GrantReportCursor, type GrantReportRow } from "./grant-report";
import { filterToParams, type ReportFilter } from "./report-filter";

const COLUMNS: (keyof GrantReportRow)[] = [
  "grantId",
  "requestId",
  "createdAt",
  "resource",
  "holder",
  "accessLevel",
  "justification",
  "ticket",
  "breakGlass",
  "approvers",
  "policyVersion",
  "status",
  "issuedAt",
  "expiresAt",
  "dueAt",
  "endedAt",
  "howEnded",
  "lagMs",
];

const BATCH = 500;

export async function exportGrantReport(
  actor: UserActor,
  filter: ReportFilter,
  format: "csv" | "json",
  deps: Pick<Deps, "db" | "clock">,
): Promise<ReadableStream<Uint8Array>> {
  // Authorised (and the head read) before the first byte, so a refusal is a clean error.
  const head = await getChainHead(actor, deps);
  const exportedAt = deps.clock().toISOString();
  const meta = { report: "grants", exportedAt, filter: filterToParams(filter), chainHead: head };
  const encoder = new TextEncoder();
  let cursor: GrantReportCursor | null = null;
  let started = false;
  let done = false;
  let first = true;

  const cell = (row: GrantReportRow, key: keyof GrantReportRow) => {
    const value = row[key];
    return typeof value === "boolean" ? (value ? "yes" : "no") : value;
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(
            format === "csv"
              ? csvLine(["# Lapse evidence", "grants report", `exported ${exportedAt}`, `filter ${JSON.stringify(meta.filter)}`, head ? `chain head seq ${head.seq} hash ${head.hash}` : "chain empty"]) +
                  csvLine(COLUMNS)
              : `${JSON.stringify(meta).slice(0, -1)},"rows":[`,
          ),
        );
        return;
      }
      if (done) return;
      const page = await listGrantReport(actor, filter, { after: cursor, limit: BATCH }, deps);
      let chunk = "";
      for (const row of page.rows) {
        if (format === "csv") chunk += csvLine(COLUMNS.map((key) => cell(row, key)));
        else {
          chunk += `${first ? "" : ","}${JSON.stringify(row)}`;
          first = false;
        }
      }
      cursor = page.next;
      if (!cursor) {
        done = true;
        if (format === "json") chunk += "]}";
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
  });
}
