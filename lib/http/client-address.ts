// The client's address, for counting failed sign-ins per address. Only the right end of
// X-Forwarded-For can be believed: whatever stands left of it the client wrote itself. Lapse's
// server appends the address its socket saw (scripts/peer-address-hook.mjs, preloaded by
// `npm start`), and each proxy in front of it appends the address it saw, so the entry
// LAPSE_TRUSTED_PROXY_HOPS places from the right (0 = the socket's) is the one the outermost
// trusted party saw. Without the hook (`next dev`, a bare `next start`) the header is the
// client's alone: every client counts as "unknown" then, and only the per-account limit applies.
export const UNKNOWN_ADDRESS = "unknown";

const PEER_HOOK = Symbol.for("lapse.peer-address-hook");
const MAX_HOPS = 20;

type HeaderSource = Record<string, string | string[] | undefined> | Headers;

/** LAPSE_TRUSTED_PROXY_HOPS: how many proxies in front of Lapse append to X-Forwarded-For (default 0). */
export function trustedProxyHops(value = process.env.LAPSE_TRUSTED_PROXY_HOPS): number {
  const text = value?.trim() ?? "";
  if (text === "") return 0;
  if (!/^\d+$/.test(text) || Number(text) > MAX_HOPS) {
    throw new Error(`LAPSE_TRUSTED_PROXY_HOPS must be a whole number from 0 to ${MAX_HOPS} (the proxies in front of Lapse that append to X-Forwarded-For), not "${value}".`);
  }
  return Number(text);
}

/** Whether this process's HTTP server appends the socket's address (scripts/peer-address-hook.mjs). */
export function peerAddressAppended(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_HOOK] === true;
}

/** One X-Forwarded-For entry as a plain address (no port, no brackets, IPv4 not IPv6-mapped), or null. */
export function normaliseAddress(entry: string): string | null {
  let address = entry.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%[\w.-]+$/, ""); // an IPv6 zone (fe80::1%eth0)
  if (address.startsWith("::ffff:") && /^[\d.]+$/.test(address.slice(7))) address = address.slice(7);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return address.split(".").every((part) => Number(part) <= 255) ? address : null;
  return address.length <= 45 && address.includes(":") && /^[0-9a-f:.]+$/.test(address) ? address : null;
}

/**
 * The address `hops` entries from the right of an X-Forwarded-For value (0 = the rightmost).
 * A shorter list than that means the request passed fewer proxies than configured (a check from
 * inside, say): its leftmost entry was still written by one of them.
 */
export function addressFromForwardedFor(forwardedFor: string | undefined, hops: number): string {
  const entries = (forwardedFor ?? "").split(",");
  if (!forwardedFor?.trim()) return UNKNOWN_ADDRESS;
  const entry = entries[Math.max(0, entries.length - 1 - hops)];
  return normaliseAddress(entry) ?? UNKNOWN_ADDRESS;
}

export function clientAddress(headers: HeaderSource, options: { hops?: number; peerAppended?: boolean } = {}): string {
  if (!(options.peerAppended ?? peerAddressAppended())) return UNKNOWN_ADDRESS;
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const forwardedFor = Array.isArray(raw) ? raw.join(", ") : (raw ?? undefined);
  return addressFromForwardedFor(forwardedFor, options.hops ?? trustedProxyHops());
}
