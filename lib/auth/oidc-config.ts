// Single sign-on through an OpenID Connect provider (Keycloak, Okta, Entra ID), configured by
// environment variables; absent, Lapse signs in with passwords only.
//   LAPSE_OIDC_ISSUER         the issuer URL (its /.well-known/openid-configuration is read)
//   LAPSE_OIDC_CLIENT_ID      the client registered for Lapse at the provider
//   LAPSE_OIDC_CLIENT_SECRET  its secret (confidential client)
//   LAPSE_OIDC_NAME           the button label ("Sign in with <name>"), default "single sign-on"
export const OIDC_PROVIDER_ID = "oidc";

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The provider's settings, or null when single sign-on is not configured (all three are needed). */
export function oidcConfig(env: Record<string, string | undefined> = process.env): OidcConfig | null {
  const issuer = env.LAPSE_OIDC_ISSUER?.trim();
  const clientId = env.LAPSE_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.LAPSE_OIDC_CLIENT_SECRET?.trim();
  if (!issuer || !clientId || !clientSecret) return null;
  return { issuer: issuer.replace(/\/+$/, ""), clientId, clientSecret, name: env.LAPSE_OIDC_NAME?.trim() || "single sign-on" };
}
