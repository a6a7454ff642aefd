// The signed checkpoints as a JSON file to keep outside Lapse and compare later.
import { getActor } from "@/lib/auth/require-actor";
import { exportCheckpoints } from "@/lib/audit/export-checkpoints";
import { ServiceError } from "@/lib/errors";
import { problem } from "@/lib/http/ui-json-route";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export async function GET() {
  const actor = await getActor();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  try {
    const body = await exportCheckpoints(actor, await appDeps());
    return new Response(JSON.stringify(body, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": 'attachment; filename="lapse-checkpoints.json"', "cache-control": "no-store" },
    });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return problem(403, "forbidden", error.message);
    throw error;
  }
}
