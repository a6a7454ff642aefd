import "server-only";
// A short-lived ES256 JWT per grant: sub = principal, resource = the resource's immutable id,
// access_level, jti = grant id, exp = the grant's expiry. The token goes to the holder once
// (sealed envelope, like a database password). A signed token cannot be recalled: revoke
// has nothing to change on a target, and what makes early revocation real is introspection
// (/api/v1/introspect), which answers from the ledger and says inactive the moment the
// grant ends. Verify therefore reads the same ledger rule introspection uses.
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { connectorConfigs } from "@/db/schema";
import { auditActor, ISSUER } from "@/lib/auth/actor";
import { currentSigningKey, noteTokenExpiry, privateKeyOf, TOKEN_ALG } from "@/lib/tokens/signing-keys";
import { tokenIssuer } from "@/lib/tokens/token-issuer";
import { recordOnlyConnector } from "./record-only";
import { signedTokenSettings } from "./settings";
import type { Connector, ConnectorContext, ConnectorGrant, IssueResult } from "./types";

export const SIGNED_TOKEN_KIND = "signed-token";

export const signedTokenConnector: Connector = {
  kind: SIGNED_TOKEN_KIND,

  async issue(grant, ctx) {
    return signFor(grant, grant.expiresAt, ctx);
  },

  async revoke() {},

  async verify(grant, ctx) {
    const ledger = await recordOnlyConnector.verify(grant, ctx);
    return {
      accessPresent: ledger.accessPresent,
      details: { mode: SIGNED_TOKEN_KIND, jti: grant.id, introspectionActive: ledger.accessPresent, checkedAt: ctx.now.toISOString() },
    };
  },

  // A token's exp cannot move: an extension issues a new token (same jti) for the holder to
  // reveal; the old one stops verifying at its own exp.
  async extend(grant, newExpiresAt, ctx) {
    return signFor(grant, newExpiresAt, ctx);
  },
};

async function signFor(grant: ConnectorGrant, expiresAt: Date, ctx: ConnectorContext): Promise<IssueResult> {
  const [config] = await ctx.db.select().from(connectorConfigs).where(eq(connectorConfigs.resourceId, grant.resourceId));
  const settings = signedTokenSettings.parse(config?.kind === SIGNED_TOKEN_KIND ? config.settings : {});
  const key = await currentSigningKey({ db: ctx.db, clock: () => ctx.now }, auditActor(ISSUER));
  // Published until this token expires, recorded before the token exists.
  await noteTokenExpiry(ctx.db, key.kid, expiresAt);
  const token = await new SignJWT({ resource: grant.resourceId, access_level: grant.accessLevel })
    .setProtectedHeader({ alg: TOKEN_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(tokenIssuer())
    .setSubject(grant.principal)
    .setAudience(settings.audience)
    .setJti(grant.id)
    .setIssuedAt(Math.floor(ctx.now.getTime() / 1000))
    .setNotBefore(Math.floor(grant.issuedAt.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await privateKeyOf(key));
  return {
    details: { mode: SIGNED_TOKEN_KIND, kid: key.kid, jti: grant.id, audience: settings.audience, exp: expiresAt.toISOString() },
    secret: { token, validUntil: expiresAt.toISOString() },
  };
}
