// A local OIDC issuer standing in for a CI provider: keys made by jose, the discovery
// document and JWKS served over http on 127.0.0.1, tokens signed on demand. It also plays a
// people's sign-in provider: /authorize signs in whoever `signInAs` named (no login screen)
// and /token trades the code for an ID token, checking the client secret and PKCE.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";

interface Key {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function makeKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface TestIssuer {
  url: string;
  /** A token signed with the current key (or `key`), valid for 5 minutes from `now`. */
  sign(claims: Record<string, unknown>, options?: { now?: Date; expiresInSeconds?: number; key?: Key; aud?: string | string[]; issuer?: string }): Promise<string>;
  /** A key that is not in the published set. */
  strangerKey(): Promise<Key>;
  /** Publishes a new key and signs with it from now on (the old one stays published). */
  rotate(): Promise<void>;
  jwksFetches(): number;
  /** Who /authorize signs in next, as ID token claims (sub, email, email_verified, …), for `clientId`. */
  signInAs(claims: Record<string, unknown>, client: { clientId: string; clientSecret: string }): void;
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const keys = [await makeKey("k1")];
  let fetches = 0;
  let url = "";
  let person: { claims: Record<string, unknown>; clientId: string; clientSecret: string } | null = null;
  const codes = new Map<string, { claims: Record<string, unknown>; clientId: string; clientSecret: string; challenge: string; redirectUri: string }>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.url === "/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          issuer: url,
          jwks_uri: `${url}/jwks`,
          authorization_endpoint: `${url}/authorize`,
          token_endpoint: `${url}/token`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        }),
      );
    } else if (path === "/authorize") {
      const query = new URL(req.url!, url).searchParams;
      if (!person || query.get("client_id") !== person.clientId || query.get("code_challenge_method") !== "S256" || !query.get("code_challenge")) {
        res.writeHead(400).end("bad authorization request");
        return;
      }
      const code = randomBytes(16).toString("hex");
      codes.set(code, { ...person, challenge: query.get("code_challenge")!, redirectUri: query.get("redirect_uri")! });
      const back = new URL(query.get("redirect_uri")!);
      back.searchParams.set("code", code);
      if (query.get("state")) back.searchParams.set("state", query.get("state")!);
      res.writeHead(302, { location: back.toString() }).end();
    } else if (path === "/token" && req.method === "POST") {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", async () => {
        const form = new URLSearchParams(raw);
        const grant = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const [id, secret] = basic ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) : [form.get("client_id"), form.get("client_secret")];
        const verifier = form.get("code_verifier") ?? "";
        const ok =
          grant &&
          id === grant.clientId &&
          secret === grant.clientSecret &&
          form.get("redirect_uri") === grant.redirectUri &&
          createHash("sha256").update(verifier).digest("base64url") === grant.challenge;
        if (!ok) {
          res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_grant" }));
          return;
        }
        const key = keys[keys.length - 1];
        const now = Math.floor(Date.now() / 1000);
        const idToken = await new SignJWT(grant.claims)
          .setProtectedHeader({ alg: "RS256", kid: key.kid })
          .setIssuer(url)
          .setAudience(grant.clientId)
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(key.privateKey);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: randomBytes(16).toString("hex"), token_type: "Bearer", expires_in: 300, id_token: idToken }));
      });
    } else if (req.url === "/jwks") {
      fetches++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let counter = 1;
  return {
    url,
    async sign(claims, options = {}) {
      const key = options.key ?? keys[keys.length - 1];
      const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: key.kid })
        .setIssuer(options.issuer ?? url)
        .setAudience(options.aud ?? "https://lapse.test")
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(iat + (options.expiresInSeconds ?? 300))
        .sign(key.privateKey);
    },
    strangerKey: () => makeKey("stranger"),
    async rotate() {
      keys.push(await makeKey(`k${++counter}`));
    },
    jwksFetches: () => fetches,
    signInAs(claims, client) {
      person = { claims, ...client };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
