import "server-only";
// Any evidence report as a streamed file (CSV or JSON): batches are read by keyset as the
// client consumes them, so memory stays flat whatever the size. The file opens with the
// filter and the audit chain's head at export time, so it can be tied to the record later.
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { csvLine } from "@/lib/http/csv";
import { getChainHead } from "../get-chain-head";
import { filterToParams, scopeFilter, type PersonFilter, type ReportFilter } from "./report-filter";

export type Cell = string | number | boolean | null;

/** A report that can be read page by page, newest first, from an opaque keyset cursor. */
export interface PagedReport<Row extends Record<string, Cell>> {
  name: string;
  columns: readonly (keyof Row & string)[];
  /** The person this report filters by; the audit log (actor) also filters by action. Period, resource and owner team apply to every report. */
  person: PersonFilter;
  page(filter: ReportFilter, after: string | null, limit: number, deps: Pick<Deps, "db" | "clock">): Promise<{ rows: Row[]; next: string | null }>;
  /** Figures for the whole filter (e.g. lag percentiles), written into the file's header beside the filter. */
  summary?(filter: ReportFilter, deps: Pick<Deps, "db" | "clock">): Promise<Record<string, unknown>>;
}

// Rows per database round trip. The next batch is read while the current one is written out,
// so the database and the response stream work at the same time.
const BATCH = 2000;

export async function exportReport<Row extends Record<string, Cell>>(
  actor: UserActor,
  report: PagedReport<Row>,
  filter: ReportFilter,
  format: "csv" | "json",
  deps: Pick<Deps, "db" | "clock">,
): Promise<ReadableStream<Uint8Array>> {
  // Authorised (and the head read) before the first byte, so a refusal is a clean error.
  authorize(actor, "audit.read");
  filter = scopeFilter(filter, report.person);
  const head = await getChainHead(actor, deps);
  const exportedAt = deps.clock().toISOString();
  const summary = report.summary ? await report.summary(filter, deps) : undefined;
  const meta = { report: report.name, exportedAt, filter: filterToParams(filter), chainHead: head, ...(summary ? { summary } : {}) };
  const encoder = new TextEncoder();
  let started = false;
  type Page = Awaited<ReturnType<PagedReport<Row>["page"]>>;
  let upcoming: Promise<Page> | null = null;
  const fetchPage = (after: string | null) => {
    const page = report.page(filter, after, BATCH, deps);
    page.catch(() => {}); // awaited in pull(); a client that hangs up must not leave it unhandled
    return page;
  };
  let first = true;
  const cell = (value: Cell) => (typeof value === "boolean" ? (value ? "yes" : "no") : value);

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(
            format === "csv"
              ? csvLine([
                  "# Lapse evidence",
                  `${report.name} report`,
                  `exported ${exportedAt}`,
                  `filter ${JSON.stringify(meta.filter)}`,
                  head ? `chain head seq ${head.seq} hash ${head.hash}` : "chain empty",
                  ...(summary ? [`summary ${JSON.stringify(summary)}`] : []),
                ]) + csvLine(report.columns)
              : `${JSON.stringify(meta).slice(0, -1)},"rows":[`,
          ),
        );
        upcoming = fetchPage(null);
        return;
      }
      const page = await upcoming!;
      upcoming = page.next ? fetchPage(page.next) : null;
      let chunk = "";
      for (const row of page.rows) {
        if (format === "csv") chunk += csvLine(report.columns.map((key) => cell(row[key])));
        else {
          chunk += `${first ? "" : ","}${JSON.stringify(row)}`;
          first = false;
        }
      }
      if (!page.next && format === "json") chunk += "]}";
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (!page.next) controller.close();
    },
  });
}
