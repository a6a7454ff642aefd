// The public keys of the signed-token connector (RFC 7517 key set). Retired keys stay until
// the last token they signed has expired.
import { getDbHandle } from "@/db/client";
import { log } from "@/lib/log";
import { publishedKeys } from "@/lib/tokens/signing-keys";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const { db } = await getDbHandle();
    const keys = await publishedKeys(db, new Date());
    // Short cache: a newly rotated key must reach verifiers before it signs much.
    return Response.json({ keys }, { headers: { "cache-control": "public, max-age=60" } });
  } catch (error) {
    log.error({ err: error }, "jwks failed");
    return Response.json({ error: "unavailable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
