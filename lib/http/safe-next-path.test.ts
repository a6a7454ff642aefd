import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path";

describe("safeNextPath", () => {
  it("keeps paths on this site and refuses anything that leaves it", () => {
    expect(safeNextPath("/approvals?tab=x")).toBe("/approvals?tab=x");
    for (const bad of [undefined, "", "approvals", "//evil.test/x", "/\\evil.test", "https://evil.test/"]) expect(safeNextPath(bad)).toBe("/");
    expect(safeNextPath("https://evil.test/", "/requests")).toBe("/requests");
  });
});
