// The shipped catalogue: every audit action is evidence for some control, so a new action
// cannot be added to lib/audit/actions.ts and forgotten here; identifiers are the published ones.
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { CONTROL_CATALOGUE } from "./catalogue";

const PUBLISHED: Record<string, RegExp> = {
  "OWASP Non-Human Identities Top 10 (2025)": /^NHI(?:[1-9]|10)$/,
  // Function.Category-NN, e.g. PR.AA-05, DE.CM-03, GV.RR-02.
  "NIST CSF 2.0": /^(?:GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/,
  // MAESTRO has seven layers, not control ids.
  "CSA MAESTRO": /^MAESTRO-L[1-7]$/,
};

describe("control catalogue", () => {
  it("maps every audit action to at least one control", () => {
    const mapped = new Set(CONTROL_CATALOGUE.flatMap((c) => c.actions));
    const unmapped = Object.keys(AUDIT_ACTIONS).filter((action) => !mapped.has(action as keyof typeof AUDIT_ACTIONS));
    expect(unmapped, "audit actions that are evidence for no control: add them to lib/controls/catalogue.ts").toEqual([]);
  });

  it("maps only actions Lapse writes, each once per control", () => {
    for (const control of CONTROL_CATALOGUE) {
      expect(control.actions.filter((a) => !Object.hasOwn(AUDIT_ACTIONS, a)), control.identifier).toEqual([]);
      expect(new Set(control.actions).size, `${control.identifier} lists an action twice`).toBe(control.actions.length);
      expect(control.actions.length, control.identifier).toBeGreaterThan(0);
    }
  });

  it("uses published identifiers, each once, and not NHI3 (Vulnerable Third-Party NHI, often mis-cited for JIT)", () => {
    const identifiers = CONTROL_CATALOGUE.map((c) => c.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    for (const control of CONTROL_CATALOGUE) {
      expect(PUBLISHED[control.framework], `unknown framework ${control.framework}`).toBeDefined();
      expect(control.identifier).toMatch(PUBLISHED[control.framework]);
    }
    expect(identifiers).not.toContain("NHI3");
    expect(identifiers).toEqual(expect.arrayContaining(["NHI1", "NHI5", "NHI7", "NHI10", "PR.AA-05", "DE.CM-03", "MAESTRO-L6"]));
  });
});
