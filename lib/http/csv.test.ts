import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

describe("csv", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const danger of ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"]) expect(csvCell(danger).replace(/^"/, "").startsWith("'")).toBe(true);
  });
  it("keeps numbers as numbers, even negative ones", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(42)).toBe("42");
  });
  it("quotes commas, quotes and line breaks", () => {
    expect(csvLine(["a,b", 'say "hi"', "two\nlines", null])).toBe('"a,b","say ""hi""","two\nlines",\r\n');
  });
});
