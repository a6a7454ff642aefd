import "server-only";
// JSON endpoints the portal's own pages poll (TanStack Query). Same session, same service
// functions as the pages; errors are problem+json with a plain sentence, never internals.
import { getActorWithoutActivity } from "@/lib/auth/require-actor";
import type { UserActor } from "@/lib/auth/actor";
import { ServiceError } from "@/lib/errors";
import { log } from "@/lib/log";

const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, step_up_required: 403 } as const;

export function problem(status: number, title: string, detail?: string): Response {
  return Response.json(
    { type: `https://lapse.dev/problems/${title.toLowerCase().replace(/[^a-z]+/g, "-")}`, title, status, detail },
    { status, headers: { "content-type": "application/problem+json", "cache-control": "no-store" } },
  );
}

export async function uiJsonRoute(handler: (actor: UserActor) => Promise<unknown>): Promise<Response> {
  const actor = await getActorWithoutActivity();
  if (!actor) return problem(401, "Unauthenticated", "Sign in again.");
  try {
    return Response.json(await handler(actor), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    if (error instanceof ServiceError) return problem(STATUS[error.code], error.code, error.message);
    log.error({ err: error }, "portal JSON route failed");
    return problem(500, "Internal error", "Something went wrong on our side.");
  }
}
