// A local OIDC issuer standing in for a CI provider: keys made by jose, the discovery
// document and JWKS served over http on 127.0.0.1, tokens signed on demand.
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
  close(): Promise<void>;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const keys = [await makeKey("k1")];
  let fetches = 0;
  let url = "";
  const server = http.createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ issuer: url, jwks_uri: `${url}/jwks` }));
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
