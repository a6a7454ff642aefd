import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";
import { canonicalEventText, GENESIS_HASH, type HashedContent } from "./event-hash";

const uuid = fc.option(fc.uuid(), { nil: null });
const content: fc.Arbitrary<HashedContent> = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 40 }),
  occurredAt: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
  actorKind: fc.constantFrom("user", "workload", "system"),
  actorId: fc.option(fc.string(), { nil: null }),
  actorLabel: fc.string(),
  action: fc.string(),
  resourceId: uuid,
  requestId: uuid,
  grantId: uuid,
  details: fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<Record<string, unknown>>,
  prevHash: fc.constantFrom(GENESIS_HASH, "a".repeat(64)),
});

describe("event hash text", () => {
  it("is exactly the canonical JSON of the event's hashed members", () => {
    fc.assert(
      fc.property(content, (event) => {
        expect(canonicalEventText(event)).toBe(canonicalJson({ ...event }));
      }),
      { numRuns: 300 },
    );
  });

  it("is the same for a Date and for its ISO text, so the verifier may read either", () => {
    fc.assert(
      fc.property(content, (event) => {
        expect(canonicalEventText({ ...event, occurredAt: (event.occurredAt as Date).toISOString() })).toBe(canonicalEventText(event));
      }),
      { numRuns: 100 },
    );
  });
});
