// The fuzzers' input derivation (test/schema-arbitraries.ts) itself: its valid values pass the
// schemas they come from, Lapse's own and one with every construct; its near-misses are refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createTeamInput, createUserInput, setUserRolesInput, setUserTeamsInput, updateTeamInput, userIdInput } from "@/lib/admin/schemas";
import { createTokenInput, tokenIdInput } from "@/lib/api-tokens/schemas";
import { cancelExtensionInput, decideExtensionInput, requestExtensionInput } from "@/lib/extensions/schemas";
import { reviewPolicyInput } from "@/lib/policy/schemas";
import { cancelRequestInput, createRequestInput, decideRequestInput } from "@/lib/requests/schemas";
import { issueWorkloadKeyInput, workloadIdInput } from "@/lib/workloads/schemas";
import { ServiceError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { HOSTILE_TEXT, schemaArbitraries } from "./schema-arbitraries";

/** Every construct the derivation knows, strict (unknown keys refused) so a near-miss can only be wrong. */
const everything = z.strictObject({
  name: z.string().trim().min(2).max(8),
  code: z.string().regex(/^[A-Z]{3}-\d{2}$/),
  id: z.uuid(),
  email: z.email(),
  at: z.iso.datetime(),
  count: z.int().min(-3).max(7),
  big: z.int().min(1),
  ratio: z.number().gt(0).lt(1),
  step: z.int().multipleOf(5).min(3).max(100),
  flag: z.boolean(),
  kind: z.enum(["read", "admin"]),
  fixed: z.literal("x"),
  optional: z.int().min(1).max(3).optional(),
  withDefault: z.string().trim().max(4).default(""),
  tags: z.array(z.string().trim().min(1).max(4)).min(1).max(3),
  pair: z.tuple([z.string().max(2), z.int().min(0).max(1)]),
  nested: z.strictObject({ deep: z.enum(["on", "off"]), note: z.string().trim().min(1).max(2000) }),
  map: z.record(z.string().max(5), z.int().min(0).max(9)),
});

const accepts = (schema: z.ZodType, value: unknown) => {
  try {
    parseInput(schema, value);
    return true;
  } catch (error) {
    if (error instanceof ServiceError) return false;
    throw error;
  }
};

describe("schema-derived arbitraries", () => {
  it("make valid values every construct accepts", () => {
    const { valid } = schemaArbitraries(everything);
    fc.assert(
      fc.property(valid, (value) => {
        const parsed = everything.safeParse(value);
        expect(parsed.error?.issues ?? []).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("make valid values for unions, nullables and maps too", () => {
    const shapes = [
      z.union([z.strictObject({ all: z.literal(true) }), z.strictObject({ id: z.uuid() })]),
      z.string().max(3).nullable(),
      z.discriminatedUnion("kind", [z.object({ kind: z.literal("a"), n: z.int().min(0).max(2) }), z.object({ kind: z.literal("b"), s: z.string().min(1).max(3) })]),
      z.array(z.uuid()).max(3),
    ];
    for (const schema of shapes) {
      fc.assert(
        fc.property(schemaArbitraries(schema).valid, (value) => {
          expect(schema.safeParse(value).error?.issues ?? []).toEqual([]);
        }),
        { numRuns: 100 },
      );
    }
  });

  it("make valid values Lapse's own input schemas accept (an email behind .pipe() needs a hint)", () => {
    const lapse: [string, z.ZodType, Parameters<typeof schemaArbitraries>[1]?][] = [
      ["createRequestInput", createRequestInput],
      ["decideRequestInput", decideRequestInput],
      ["cancelRequestInput", cancelRequestInput],
      ["requestExtensionInput", requestExtensionInput],
      ["decideExtensionInput", decideExtensionInput],
      ["cancelExtensionInput", cancelExtensionInput],
      ["createTokenInput", createTokenInput],
      ["tokenIdInput", tokenIdInput],
      ["setUserRolesInput", setUserRolesInput],
      ["setUserTeamsInput", setUserTeamsInput],
      ["userIdInput", userIdInput],
      ["createTeamInput", createTeamInput],
      ["updateTeamInput", updateTeamInput],
      ["reviewPolicyInput", reviewPolicyInput],
      ["workloadIdInput", workloadIdInput],
      ["issueWorkloadKeyInput", issueWorkloadKeyInput],
      ["createUserInput", createUserInput, { hints: { email: fc.emailAddress().filter((e) => z.email().safeParse(e).success) } }],
    ];
    for (const [name, schema, options] of lapse) {
      fc.assert(
        fc.property(schemaArbitraries(schema, options).valid, (value) => {
          const parsed = schema.safeParse(value);
          expect(parsed.error?.issues ?? [], `${name}: ${JSON.stringify(value)?.slice(0, 200)}`).toEqual([]);
        }),
        { numRuns: 60 },
      );
    }
  });

  it("make near-misses the strict schema refuses, every one", () => {
    const { nearMiss } = schemaArbitraries(everything);
    fc.assert(
      fc.property(nearMiss, (value) => {
        expect(accepts(everything, value), JSON.stringify(value)?.slice(0, 300)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("send what the issue asks for: wrong types, boundary lengths, out of range, NUL, very long, unicode, markup", () => {
    const field = z.strictObject({ text: z.string().trim().min(1).max(20), n: z.int().min(1).max(10) });
    const { valid, nearMiss } = schemaArbitraries(field);
    const misses = fc.sample(nearMiss, { numRuns: 2_000, seed: 42 }) as Record<string, unknown>[];
    const texts = misses.filter((m) => m && typeof m === "object" && "text" in m).map((m) => m.text);
    const numbers = misses.filter((m) => m && typeof m === "object" && "n" in m).map((m) => m.n);
    expect(texts.some((t) => typeof t !== "string")).toBe(true);
    expect(texts).toContain("y".repeat(21)); // one over the maximum
    expect(texts.some((t) => typeof t === "string" && t.length >= 50_000)).toBe(true);
    expect(texts.some((t) => typeof t === "string" && t.includes("\u0000"))).toBe(true);
    expect(numbers).toEqual(expect.arrayContaining([0, 11, 1.5]));
    expect(numbers.some((n) => Number.isNaN(n))).toBe(true);
    expect(misses.some((m) => m && typeof m === "object" && !Array.isArray(m) && !("n" in m))).toBe(true); // a required key missing
    const good = fc.sample(valid, { numRuns: 2_000, seed: 42 }) as { text: string }[];
    expect(good.some((g) => HOSTILE_TEXT.some((h) => g.text.includes(h.slice(0, 10).trim())) && /[<>'=]/.test(g.text))).toBe(true);
    expect(good.some((g) => /\p{Extended_Pictographic}|[^\x00-\x7f]/u.test(g.text))).toBe(true);
    expect(good.some((g) => [...g.text].length === 20)).toBe(true); // the maximum itself
  });
});
