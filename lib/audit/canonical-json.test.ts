import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { computeEventHash, GENESIS_HASH } from "./event-hash";

const shuffleKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(shuffleKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffleKeys(v)]));
  }
  return value;
};

/** The plain definition the fast implementation must match exactly. */
function reference(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => reference(item ?? null)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${reference(member)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

describe("canonical JSON", () => {
  it("matches the plain definition for any value, keys of any kind included", () => {
    const key = fc.oneof(fc.string(), fc.constantFrom("10", "9", "a", "B", "é", "\u{1F600}", "__proto__x", ""));
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: true }), fc.constant(undefined));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node")), fc.dictionary(key, tie("node"))),
    })).node;
    fc.assert(
      fc.property(tree.filter((value) => value !== undefined), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });


  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(canonicalJson(new Date("2026-01-01T00:00:00Z"))).toBe('"2026-01-01T00:00:00.000Z"');
  });

  it("gives the same text whatever order keys arrive in, as jsonb hands them back", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const roundTripped = JSON.parse(JSON.stringify(value));
        expect(canonicalJson(shuffleKeys(roundTripped))).toBe(canonicalJson(roundTripped));
      }),
    );
  });

  it("changes the event hash when any hashed field changes", () => {
    const base = {
      seq: 1,
      occurredAt: new Date("2026-06-01T10:00:00Z"),
      actorKind: "user",
      actorId: "u1",
      actorLabel: "a@x",
      action: "request.created",
      resourceId: null,
      requestId: "r1",
      grantId: null,
      details: { durationMinutes: 5 },
      prevHash: GENESIS_HASH,
    };
    const hash = computeEventHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeEventHash({ ...base })).toBe(hash);
    for (const changed of [
      { seq: 2 },
      { occurredAt: new Date("2026-06-01T10:00:00.001Z") },
      { actorLabel: "b@x" },
      { details: { durationMinutes: 6 } },
      { prevHash: "1".repeat(64) },
    ]) {
      expect(computeEventHash({ ...base, ...changed })).not.toBe(hash);
    }
  });
});
