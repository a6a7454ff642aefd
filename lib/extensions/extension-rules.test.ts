import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkExtensionMinutes,
  EXTENSIONS_NOT_ALLOWED,
  extensionBlock,
  grantTotalMinutes,
  maxTotalMinutesOf,
  remainingExtensionMinutes,
  type ExtensionPolicy,
} from "./extension-rules";

const policy: ExtensionPolicy = { extensionsAllowed: true, maxTotalMinutes: 480, maxDurationMinutes: 360, accessLevels: ["read", "admin"] };
const grant = { durationMinutes: 360, extendedMinutes: 0, accessLevel: "read" };

describe("extension rules", () => {
  it("lets a 6 h grant under an 8 h total take 2 h more, then nothing", () => {
    expect(remainingExtensionMinutes(policy, grant)).toBe(120);
    expect(checkExtensionMinutes(policy, grant, 120)).toBeNull();
    expect(checkExtensionMinutes(policy, grant, 121)).toBe("At most 2 h more: this grant already lasts 6 h and the policy allows 8 h in total.");
    const extended = { ...grant, extendedMinutes: 120 };
    expect(remainingExtensionMinutes(policy, extended)).toBe(0);
    expect(checkExtensionMinutes(policy, extended, 60)).toMatch(/already lasts 8 h, the most the policy allows in total/);
  });

  it("refuses every extension when the policy does not allow them", () => {
    const off = { ...policy, extensionsAllowed: false, maxTotalMinutes: null };
    expect(maxTotalMinutesOf(off)).toBeNull();
    expect(extensionBlock(off, grant)).toBe(EXTENSIONS_NOT_ALLOWED);
    expect(checkExtensionMinutes(off, { ...grant, durationMinutes: 5 }, 1)).toBe(EXTENSIONS_NOT_ALLOWED);
  });

  it("fails closed when extensions are on but no total is set", () => {
    const noTotal = { ...policy, maxTotalMinutes: null };
    expect(maxTotalMinutesOf(noTotal)).toBe(360);
    expect(remainingExtensionMinutes(noTotal, grant)).toBe(0);
  });

  it("refuses to extend a level the policy no longer offers", () => {
    expect(extensionBlock(policy, { ...grant, accessLevel: "owner" })).toMatch(/no longer offers the owner level/);
  });

  it("never lets the total pass the maximum", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 1, max: 3000 }),
        (duration, extended, extra, minutes) => {
          const p = { ...policy, maxDurationMinutes: duration, maxTotalMinutes: duration + extra };
          const g = { durationMinutes: duration, extendedMinutes: extended, accessLevel: "read" };
          const verdict = checkExtensionMinutes(p, g, minutes);
          if (verdict === null) expect(grantTotalMinutes(g) + minutes).toBeLessThanOrEqual(p.maxTotalMinutes);
          else expect(grantTotalMinutes(g) + minutes > p.maxTotalMinutes || remainingExtensionMinutes(p, g) === 0).toBe(true);
        },
      ),
    );
  });
});
