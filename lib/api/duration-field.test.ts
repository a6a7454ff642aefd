import { describe, expect, it } from "vitest";
import { parseApiDuration } from "./duration-field";

describe("API durations", () => {
  it("reads ISO 8601 time durations as whole minutes", () => {
    expect(parseApiDuration("PT15M")).toBe(15);
    expect(parseApiDuration("pt2h")).toBe(120);
    expect(parseApiDuration("PT1H30M")).toBe(90);
    expect(parseApiDuration("PT120S")).toBe(2);
  });
  it("refuses calendar units, negatives, fractions, zero and garbage with a sentence", () => {
    expect(parseApiDuration("P1Y")).toMatch(/years, months, weeks and days/);
    expect(parseApiDuration("P1D")).toMatch(/days/);
    expect(parseApiDuration("-PT15M")).toMatch(/positive/);
    expect(parseApiDuration("PT1.5H")).toMatch(/whole minutes/);
    expect(parseApiDuration("PT0M")).toMatch(/at least 1 minute/);
    expect(parseApiDuration("PT30S")).toMatch(/ISO 8601/);
    expect(parseApiDuration("fifteen minutes")).toMatch(/ISO 8601/);
    expect(parseApiDuration("")).toMatch(/ISO 8601/);
  });
});
