// Preloaded into the Lapse server process by scripts/start.mjs (`node --import`), before Next
// opens its HTTP server. It appends the TCP peer's address to X-Forwarded-For, as a proxy does.
//
// Why: `next start` sets X-Forwarded-For from the socket only when the request has none
// (`req.headers['x-forwarded-for'] ??= socket.remoteAddress` in next/dist/server/base-server.js),
// so a client talking to Lapse directly decides the whole header and the socket's address never
// reaches the app. With this hook the rightmost entry is always the address Lapse's own socket
// saw, and lib/http/client-address.ts counts LAPSE_TRUSTED_PROXY_HOPS entries from the right.
//
// `http.server.request.start` is published by Node's HTTP server before it emits "request", so
// every request is seen here before Next reads its headers.
import diagnosticsChannel from "node:diagnostics_channel";

export const PEER_HOOK = Symbol.for("lapse.peer-address-hook");

/** The X-Forwarded-For a request carries once the peer's address is appended. */
export function withPeer(forwardedFor, remoteAddress) {
  const peer = remoteAddress || "unknown";
  const prior = Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor;
  return prior && prior.trim() ? `${prior}, ${peer}` : peer;
}

if (!globalThis[PEER_HOOK]) {
  globalThis[PEER_HOOK] = true;
  diagnosticsChannel.subscribe("http.server.request.start", ({ request, socket }) => {
    request.headers["x-forwarded-for"] = withPeer(request.headers["x-forwarded-for"], socket?.remoteAddress);
  });
}
