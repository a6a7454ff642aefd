import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ServiceError } from "./errors";
import { parseInput } from "./validation";

const schema = z.object({ justification: z.string().max(10), tags: z.array(z.string()) });

describe("parseInput", () => {
  it("returns the parsed value when the input is valid", () => {
    expect(parseInput(schema, { justification: "ok", tags: ["a"] })).toEqual({ justification: "ok", tags: ["a"] });
  });

  it("names each field that needs attention, with zod's message", () => {
    try {
      parseInput(schema, { justification: "far too long text", tags: "x" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      expect(Object.keys((error as ServiceError).fieldErrors).sort()).toEqual(["justification", "tags"]);
    }
  });

  it("refuses NUL characters (PostgreSQL text cannot store them) next to the field, nested too", () => {
    for (const input of [{ justification: "a\u0000b", tags: [] }, { justification: "ok", tags: ["x", "\u0000"] }]) {
      const field = input.justification.includes("\u0000") ? "justification" : "tags";
      try {
        parseInput(schema, input);
        expect.unreachable();
      } catch (error) {
        expect((error as ServiceError).fieldErrors[field]).toEqual(["Remove the invisible NUL character from this text."]);
      }
    }
  });

  it("refuses half of a surrogate pair (JSON in PostgreSQL cannot store it) next to the field, and keeps whole emoji", () => {
    // JSON.parse of an API body turns a lone "\ud83d" escape into exactly such a string.
    const lone = JSON.parse('"hi \\ud83d"') as string;
    expect(lone.isWellFormed()).toBe(false);
    for (const [input, field] of [
      [{ justification: lone, tags: [] }, "justification"],
      [{ justification: "ok", tags: ["x", "\udc00 low"] }, "tags"],
    ] as const) {
      try {
        parseInput(schema, input);
        expect.unreachable();
      } catch (error) {
        expect((error as ServiceError).fieldErrors[field]).toEqual(["This text holds a broken character (half of an emoji or symbol): retype it."]);
      }
    }
    expect(parseInput(schema, { justification: "ok 🙂", tags: ["👩‍👩‍👧‍👦"] })).toEqual({ justification: "ok 🙂", tags: ["👩‍👩‍👧‍👦"] });
  });
});
