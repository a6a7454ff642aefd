// Streams the grants report as CSV or JSON, with the same filter as the page.
import { getActor } from "@/lib/auth/require-actor";
import { exportGrantReport } from "@/lib/audit/reports/export-grant-report";
import { parseReportFilter } from "@/lib/audit/reports/report-filter";
import { ServiceError } from "@/lib/errors";
import { problem } from "@/lib/http/ui-json-route";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const format = params.format === "json" ? "json" : "csv";
  try {
    const body = await exportGrantReport(actor, parseReportFilter(params), format, await appDeps());
    return new Response(body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="lapse-grants.${format}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return problem(403, "forbidden", error.message);
    throw error;
  }
}
