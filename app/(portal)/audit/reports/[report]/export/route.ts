// Streams an evidence report as CSV or JSON, with the same filter as its page.
import { getActor } from "@/lib/auth/require-actor";
import { exportReport } from "@/lib/audit/reports/export-report";
import { REPORTS } from "@/lib/audit/reports/registry";
import { parseReportFilter } from "@/lib/audit/reports/report-filter";
import { ServiceError } from "@/lib/errors";
import { problem } from "@/lib/http/ui-json-route";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ report: string }> }) {
  const actor = await getActor();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  const { report: name } = await params;
  const report = Object.hasOwn(REPORTS, name) ? REPORTS[name] : undefined;
  if (!report) return problem(404, "Not found", "No such report.");
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const format = query.format === "json" ? "json" : "csv";
  try {
    const body = await exportReport(actor, report, parseReportFilter(query), format, await appDeps());
    return new Response(body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="lapse-${report.name}.${format}"`,
        // no-transform: sent as written, not gzipped on the fly. Compressing a million-row
        // export took a core for its whole length (20 s against 12.6 s) and doubled the server's
        // memory growth; the evidence pack is the compressed form (a zip).
        "cache-control": "no-store, no-transform",
      },
    });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return problem(403, "forbidden", error.message);
    throw error;
  }
}
