// The `iss` of tokens Lapse signs: LAPSE_TOKEN_ISSUER, else the portal's own URL.
export function tokenIssuer(): string {
  return process.env.LAPSE_TOKEN_ISSUER || process.env.NEXTAUTH_URL || "urn:lapse";
}
