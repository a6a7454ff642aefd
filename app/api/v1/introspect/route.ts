// RFC 7662 token introspection for Lapse-signed tokens. The caller authenticates with the
// shared secret (lib/tokens/introspection-auth.ts); the token comes as a form field `token`
// (application/x-www-form-urlencoded, as the RFC says) or as JSON { "token": … }.
import { getDbHandle } from "@/db/client";
import { log } from "@/lib/log";
import { introspectionCallerAllowed } from "@/lib/tokens/introspection-auth";
import { introspectToken } from "@/lib/tokens/introspect-token";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

async function tokenFrom(request: Request): Promise<string | null> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await request.json().catch(() => null)) as { token?: unknown } | null;
    return typeof body?.token === "string" ? body.token : null;
  }
  const form = await request.formData().catch(() => null);
  const token = form?.get("token");
  return typeof token === "string" ? token : null;
}

export async function POST(request: Request) {
  if (!introspectionCallerAllowed(request.headers.get("authorization"))) {
    return Response.json({ error: "invalid_client" }, { status: 401, headers: { ...NO_STORE, "www-authenticate": 'Bearer realm="lapse-introspection"' } });
  }
  const token = await tokenFrom(request);
  if (!token || token.length > 8192) return Response.json({ error: "invalid_request" }, { status: 400, headers: NO_STORE });
  try {
    const { db } = await getDbHandle();
    return Response.json(await introspectToken(token, { db, clock: () => new Date() }), { headers: NO_STORE });
  } catch (error) {
    log.error({ err: error }, "introspection failed");
    return Response.json({ error: "server_error" }, { status: 500, headers: NO_STORE });
  }
}
