import { describe, expect, it } from "vitest";
import { oidcConfig } from "./oidc-config";
import { oidcProvider } from "./oidc-provider";

const ENV = { LAPSE_OIDC_ISSUER: "https://sso.example.test/realms/acme/", LAPSE_OIDC_CLIENT_ID: "lapse", LAPSE_OIDC_CLIENT_SECRET: "s3cret" };

describe("single sign-on configuration", () => {
  it("is off unless issuer, client id and secret are all set", () => {
    expect(oidcConfig({})).toBeNull();
    expect(oidcConfig({ ...ENV, LAPSE_OIDC_CLIENT_SECRET: " " })).toBeNull();
    expect(oidcConfig(ENV)).toEqual({ issuer: "https://sso.example.test/realms/acme", clientId: "lapse", clientSecret: "s3cret", name: "single sign-on" });
    expect(oidcConfig({ ...ENV, LAPSE_OIDC_NAME: "Okta" })?.name).toBe("Okta");
  });

  it("gives next-auth a discovered OIDC provider that verifies the ID token and checks PKCE and state", () => {
    const provider = oidcProvider(oidcConfig({ ...ENV, LAPSE_OIDC_NAME: "Okta" })!);
    expect(provider).toMatchObject({
      id: "oidc",
      name: "Okta",
      type: "oauth",
      wellKnown: "https://sso.example.test/realms/acme/.well-known/openid-configuration",
      idToken: true,
      checks: ["pkce", "state"],
      authorization: { params: { scope: "openid email profile" } },
    });
  });
});
