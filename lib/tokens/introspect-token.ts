import "server-only";
// RFC 7662 token introspection for tokens the signed-token connector issued. A token is
// active only while its signature, issuer and times check out against Lapse's published keys
// AND its grant (jti) is live in the ledger: a grant revoked or expired makes it inactive at
// once, even before `exp`. Anything else answers just { active: false }, as the RFC asks.
import { eq } from "drizzle-orm";
import { createLocalJWKSet, jwtVerify, type JWTPayload } from "jose";
import { grants, users } from "@/db/schema";
import type { Deps } from "@/lib/deps";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { publishedKeys, TOKEN_ALG } from "./signing-keys";
import { tokenIssuer } from "./token-issuer";
import { principalNameOf } from "@/lib/grants/connector-grant";

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      sub: string;
      exp: number;
      iat: number;
      nbf: number;
      jti: string;
      iss: string;
      aud: string | string[];
      token_type: "Bearer";
      scope: string;
      resource: string;
      access_level: string;
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function introspectToken(token: string, deps: Pick<Deps, "db" | "clock">): Promise<IntrospectionResponse> {
  const now = deps.clock();
  let payload: JWTPayload;
  try {
    const keys = createLocalJWKSet({ keys: await publishedKeys(deps.db, now) });
    ({ payload } = await jwtVerify(token, keys, { algorithms: [TOKEN_ALG], issuer: tokenIssuer(), currentDate: now }));
  } catch {
    return { active: false };
  }
  if (typeof payload.jti !== "string" || !UUID.test(payload.jti)) return { active: false };
  const [row] = await deps.db
    .select({ grant: grants, kind: users.kind, name: users.name, email: users.email })
    .from(grants)
    .innerJoin(users, eq(users.id, grants.principalUserId))
    .where(eq(grants.id, payload.jti));
  if (!row || !isGrantLive(row.grant, now)) return { active: false };
  if (payload.sub !== principalNameOf(row) || payload.resource !== row.grant.resourceId || payload.access_level !== row.grant.accessLevel) {
    return { active: false };
  }
  return {
    active: true,
    sub: payload.sub,
    exp: payload.exp!,
    iat: payload.iat!,
    nbf: payload.nbf!,
    jti: payload.jti,
    iss: payload.iss!,
    aud: payload.aud!,
    token_type: "Bearer",
    scope: row.grant.accessLevel,
    resource: row.grant.resourceId,
    access_level: row.grant.accessLevel,
  };
}
