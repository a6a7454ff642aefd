import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMinutes, formatCountdown, formatLag, formatMinutes, isoDurationToMinutes, minutesToIsoDuration } from "./duration";

describe("duration maths", () => {
  it("writes and reads ISO 8601 durations", () => {
    expect(minutesToIsoDuration(1)).toBe("PT1M");
    expect(minutesToIsoDuration(90)).toBe("PT1H30M");
    expect(minutesToIsoDuration(120)).toBe("PT2H");
    expect(isoDurationToMinutes("PT15M")).toBe(15);
    expect(isoDurationToMinutes("pt2h")).toBe(120);
    expect(isoDurationToMinutes("PT90S")).toBeNull(); // not whole minutes
    expect(isoDurationToMinutes("PT120S")).toBe(2);
    expect(isoDurationToMinutes("P1D")).toBeNull();
    expect(isoDurationToMinutes("PT")).toBeNull();
    expect(isoDurationToMinutes("15")).toBeNull();
  });

  it("round-trips every whole number of minutes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 525_600 }), (minutes) => {
        expect(isoDurationToMinutes(minutesToIsoDuration(minutes))).toBe(minutes);
      }),
    );
  });

  it("adds minutes without drifting across DST or month ends (UTC instants)", () => {
    expect(addMinutes(new Date("2026-03-29T00:30:00Z"), 60).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(addMinutes(new Date("2026-01-31T23:59:00Z"), 2).toISOString()).toBe("2026-02-01T00:01:00.000Z");
  });

  it("formats for people", () => {
    expect(formatMinutes(45)).toBe("45 min");
    expect(formatMinutes(60)).toBe("1 h");
    expect(formatMinutes(90)).toBe("1 h 30 min");
    expect(formatCountdown(59_001)).toBe("1:00");
    expect(formatCountdown(61_000)).toBe("1:01");
    expect(formatCountdown(3_725_000)).toBe("1:02:05");
    expect(formatCountdown(-5_000)).toBe("0:00");
  });
});

describe("formatLag", () => {
  it("reads at a glance at every scale", () => {
    expect([formatLag(-5), formatLag(30), formatLag(400), formatLag(1_450), formatLag(12_000), formatLag(60_000), formatLag(185_000), formatLag(2 * 3_600_000 + 60_000)]).toEqual([
      "before due",
      "30 ms",
      "400 ms",
      "1.4 s",
      "12 s",
      "1 min",
      "3 min 5 s",
      "2 h 1 min",
    ]);
  });
});
