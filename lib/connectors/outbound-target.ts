import "server-only";
// DESIGN §7: outbound targets an admin configures (connector servers, webhook URLs) must
// use TLS and must not point into private, loopback or link-local address space, unless an
// operator explicitly allows it: LAPSE_ALLOW_PRIVATE_TARGETS=1 (tests and lab setups on
// 127.0.0.1). Checked when the setting is saved and again, after DNS resolution, right
// before each connection, so a name that later resolves inward is still refused.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  // Not "::ffff:0:0/96" here: Node's BlockList matches every IPv4 address against that subnet,
  // which refused all public IPv4 targets. IPv4-mapped addresses are unwrapped instead (below).
  // Translation prefixes that embed an IPv4 address (NAT64, 6to4): they can reach private IPv4 space.
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) blocked.addSubnet(net, prefix, "ipv6");

export class OutboundTargetError extends Error {
  name = "OutboundTargetError";
}

export function privateTargetsAllowed(): boolean {
  return process.env.LAPSE_ALLOW_PRIVATE_TARGETS === "1";
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (::ffff:a.b.c.d or ::ffff:hhhh:hhhh), else null. */
function mappedIpv4(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [high, low] = [Number.parseInt(hex[1], 16), Number.parseInt(hex[2], 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = mappedIpv4(address);
    if (v4) return blocked.check(v4, "ipv4");
  }
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A reason the host cannot be a target, judged without DNS; null when it may be. */
export function hostProblem(host: string): string | null {
  if (privateTargetsAllowed()) return null;
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost") || bare.endsWith(".local") || bare.endsWith(".internal")) {
    return "points at a local or internal name";
  }
  if (isPrivateAddress(bare)) return "points at a private, loopback or link-local address";
  return null;
}

/** A reason the URL cannot be a webhook target; null when it may be. */
export function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.username || url.password) return "must not carry credentials";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && privateTargetsAllowed())) return "must use https";
  return hostProblem(url.hostname);
}

/** Resolves `host` and refuses it if any address it resolves to is off limits. */
export async function assertReachableTarget(host: string): Promise<void> {
  const problem = hostProblem(host);
  if (problem) throw new OutboundTargetError(`target ${problem}`);
  if (privateTargetsAllowed()) return;
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [{ address: bare }] : await lookup(bare, { all: true });
  if (addresses.some((a) => isPrivateAddress(a.address))) {
    throw new OutboundTargetError("target resolves to a private, loopback or link-local address");
  }
}
