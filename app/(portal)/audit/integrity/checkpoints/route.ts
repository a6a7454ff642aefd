// The signed checkpoints as a JSON file to keep outside Lapse and compare later.
import { getActor } from "@/lib/auth/require-actor";
import { listCheckpoints } from "@/lib/audit/checkpoints";
import { ServiceError } from "@/lib/errors";
import { problem } from "@/lib/http/ui-json-route";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export async function GET() {
  const actor = await getActor();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  try {
    const deps = await appDeps();
    const checkpoints = await listCheckpoints(actor, deps, 10_000);
    const body = {
      format: "lapse-checkpoint:v1",
      signedContent: "lapse-checkpoint:v1:<seq>:<headHash>:<createdAt ISO 8601>, Ed25519, public key as base64 SPKI DER",
      exportedAt: deps.clock().toISOString(),
      checkpoints: checkpoints.map(({ seq, headHash, createdAt, keyId, publicKey, signature }) => ({ seq, headHash, createdAt, keyId, publicKey, signature })),
    };
    return new Response(JSON.stringify(body, null, 2), {
      headers: { "content-type": "application/json; charset=utf-8", "content-disposition": 'attachment; filename="lapse-checkpoints.json"', "cache-control": "no-store" },
    });
  } catch (error) {
    if (error instanceof ServiceError && error.code === "forbidden") return problem(403, "forbidden", error.message);
    throw error;
  }
}
