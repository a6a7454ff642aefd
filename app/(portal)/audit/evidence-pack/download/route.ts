// Streams the evidence pack (a zip) for the filter in the query string.
import { getActor } from "@/lib/auth/require-actor";
import { buildEvidencePack, evidencePackFileName } from "@/lib/audit/evidence-pack";
import { parseReportFilter } from "@/lib/audit/reports/report-filter";
import { ServiceError } from "@/lib/errors";
import { problem } from "@/lib/http/ui-json-route";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  const filter = parseReportFilter(Object.fromEntries(new URL(request.url).searchParams));
  try {
    const deps = await appDeps();
    const body = await buildEvidencePack(actor, filter, deps);
    return new Response(body, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${evidencePackFileName(filter, deps.clock())}"`,
        // Already compressed: gzipping a zip again would only spend CPU.
        "cache-control": "no-store, no-transform",
      },
    });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return problem(403, "forbidden", error.message);
    throw error;
  }
}
