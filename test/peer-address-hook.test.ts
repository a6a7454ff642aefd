// The server-side half of the client address: with scripts/peer-address-hook.mjs loaded, a
// Node HTTP server's handlers see the socket's address at the right end of X-Forwarded-For,
// whatever the client sent, so lib/http/client-address.ts cannot be fed a forged address.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, peerAddressAppended } from "@/lib/http/client-address";
// @ts-expect-error plain JavaScript preloaded with node --import; it has no type declarations
import { withPeer } from "../scripts/peer-address-hook.mjs";

describe("the peer-address hook", () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => res.end(JSON.stringify({ forwardedFor: req.headers["x-forwarded-for"], client: clientAddress(req.headers, { hops: 0 }) })));
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  /** A request from `localAddress` (any 127.x.y.z is this machine) with the given headers. */
  const call = (localAddress: string, headers: Record<string, string> = {}) =>
    new Promise<{ forwardedFor: string; client: string }>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, localAddress, headers }, (res) => {
          let body = "";
          res.on("data", (chunk) => (body += chunk));
          res.on("end", () => resolve(JSON.parse(body)));
        })
        .on("error", reject);
    });

  it("marks the process, so client addresses are trusted only where it runs", () => {
    expect(peerAddressAppended()).toBe(true);
  });

  it("appends the socket's address; a forged X-Forwarded-For stays to its left and is not the client", async () => {
    expect(await call("127.0.0.21")).toEqual({ forwardedFor: "127.0.0.21", client: "127.0.0.21" });
    expect(await call("127.0.0.22", { "X-Forwarded-For": "6.6.6.6" })).toEqual({ forwardedFor: "6.6.6.6, 127.0.0.22", client: "127.0.0.22" });
    expect(await call("127.0.0.22", { "X-Forwarded-For": "6.6.6.6, 7.7.7.7" })).toMatchObject({ client: "127.0.0.22" });
  });

  it("joins repeated headers and names an unknown peer", () => {
    expect(withPeer(["1.1.1.1", "2.2.2.2"], "192.0.2.1")).toBe("1.1.1.1, 2.2.2.2, 192.0.2.1");
    expect(withPeer(undefined, undefined)).toBe("unknown");
    expect(withPeer(" ", "192.0.2.1")).toBe("192.0.2.1");
  });
});
