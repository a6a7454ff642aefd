// Which X-Forwarded-For entry counts as the client: the one LAPSE_TRUSTED_PROXY_HOPS places
// from the right, never what the client wrote to the left of it.
import { describe, expect, it } from "vitest";
import { addressFromForwardedFor, clientAddress, normaliseAddress, trustedProxyHops, UNKNOWN_ADDRESS } from "./client-address";

describe("trustedProxyHops", () => {
  it("is 0 unless set, and a whole number from 0 to 20", () => {
    expect(trustedProxyHops(undefined)).toBe(0);
    expect(trustedProxyHops("")).toBe(0);
    expect(trustedProxyHops(" 2 ")).toBe(2);
    for (const wrong of ["-1", "1.5", "one", "21", "0x1"]) expect(() => trustedProxyHops(wrong)).toThrow(/LAPSE_TRUSTED_PROXY_HOPS/);
  });
});

describe("addressFromForwardedFor", () => {
  it("with no proxy, takes the rightmost entry: the one Lapse's server appended from its socket", () => {
    expect(addressFromForwardedFor("203.0.113.7", 0)).toBe("203.0.113.7");
    // A client sending its own header only adds entries to the left of the socket's.
    expect(addressFromForwardedFor("1.1.1.1, 2.2.2.2, 203.0.113.7", 0)).toBe("203.0.113.7");
  });

  it("behind N proxies, takes the Nth entry from the right: what the outermost proxy saw", () => {
    // client forged 6.6.6.6; the proxy appended the client's real 198.51.100.4; Lapse appended the proxy.
    expect(addressFromForwardedFor("6.6.6.6, 198.51.100.4, 10.0.0.2", 1)).toBe("198.51.100.4");
    expect(addressFromForwardedFor("6.6.6.6,198.51.100.4,10.0.0.9,10.0.0.2", 2)).toBe("198.51.100.4");
  });

  it("takes the leftmost entry when the request passed fewer proxies than configured", () => {
    expect(addressFromForwardedFor("10.0.0.2", 1)).toBe("10.0.0.2");
    expect(addressFromForwardedFor("198.51.100.4, 10.0.0.2", 5)).toBe("198.51.100.4");
  });

  it("answers unknown for a missing header or an entry that is not an address", () => {
    expect(addressFromForwardedFor(undefined, 0)).toBe(UNKNOWN_ADDRESS);
    expect(addressFromForwardedFor("  ", 0)).toBe(UNKNOWN_ADDRESS);
    expect(addressFromForwardedFor("203.0.113.7, unknown", 0)).toBe(UNKNOWN_ADDRESS);
    expect(addressFromForwardedFor("203.0.113.7,", 0)).toBe(UNKNOWN_ADDRESS);
    expect(addressFromForwardedFor("<script>, 203.0.113.7", 1)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("normaliseAddress", () => {
  it("writes one client one way: no port, no brackets, IPv4 not IPv6-mapped, lower case", () => {
    expect(normaliseAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normaliseAddress(" 203.0.113.7:5123 ")).toBe("203.0.113.7");
    expect(normaliseAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80::1");
  });

  it("refuses what is not an address", () => {
    for (const wrong of ["", "unknown", "_hidden", "999.1.1.1", "1.2.3", "a".repeat(100), "1.2.3.4; drop table", "::g"]) expect(normaliseAddress(wrong)).toBeNull();
  });
});

describe("clientAddress", () => {
  it("reads X-Forwarded-For from a Headers object or a plain record, from the right", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6, 192.0.2.1" }), { hops: 0, peerAppended: true })).toBe("192.0.2.1");
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6, 192.0.2.1" }, { hops: 0, peerAppended: true })).toBe("192.0.2.1");
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "192.0.2.1"] }, { hops: 0, peerAppended: true })).toBe("192.0.2.1");
  });

  it("ignores X-Real-IP, which any client can send", () => {
    expect(clientAddress({ "x-real-ip": "6.6.6.6" }, { hops: 0, peerAppended: true })).toBe(UNKNOWN_ADDRESS);
  });

  it("trusts nothing when the server did not append its socket's address (the header is then the client's alone)", () => {
    expect(clientAddress({ "x-forwarded-for": "192.0.2.1" }, { hops: 0, peerAppended: false })).toBe(UNKNOWN_ADDRESS);
  });
});
