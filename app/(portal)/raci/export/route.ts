// The organisation-wide RACI as CSV, with the same filter as the page.
import { RACI_LETTERS, type RaciLetter } from "@/db/enums";
import { getActor } from "@/lib/auth/require-actor";
import { ServiceError } from "@/lib/errors";
import { problem } from "@/lib/http/ui-json-route";
import { listOrgRaci } from "@/lib/raci/list-org-raci";
import { orgRaciCsv } from "@/lib/raci/org-raci-csv";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  const params = new URL(request.url).searchParams;
  const teamId = UUID.test(params.get("team") ?? "") ? params.get("team") : null;
  const letter = RACI_LETTERS.includes(params.get("letter") as RaciLetter) ? (params.get("letter") as RaciLetter) : null;
  try {
    const rows = await listOrgRaci(actor, { teamId, letter }, await appDeps());
    const body = orgRaciCsv(rows);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="lapse-raci.csv"',
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return problem(403, "forbidden", error.message);
    throw error;
  }
}
