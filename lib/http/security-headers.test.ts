import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, makeNonce, servedOverHttps } from "./security-headers";

describe("security headers", () => {
  it("lets scripts run only with the nonce, and allows eval in development only", () => {
    const production = contentSecurityPolicy("abc", { dev: false });
    expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(production).not.toContain("unsafe-eval");
    expect(production).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(contentSecurityPolicy("abc", { dev: true })).toContain("'unsafe-eval'");
  });

  it("makes a different 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, makeNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("sends HSTS only for HTTPS, direct or as the first hop a proxy reports", () => {
    expect(servedOverHttps(new URL("https://lapse.example"), null)).toBe(true);
    expect(servedOverHttps(new URL("http://lapse.internal"), "https")).toBe(true);
    expect(servedOverHttps(new URL("http://lapse.internal"), "https, http")).toBe(true);
    expect(servedOverHttps(new URL("http://lapse.internal"), "http")).toBe(false);
    expect(servedOverHttps(new URL("http://localhost:3000"), null)).toBe(false);
  });
});
