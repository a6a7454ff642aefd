import { describe, expect, it } from "vitest";
import type { ControlActivity } from "@/db/schema";
import { findGovernanceGaps, type RaciCell, type RaciTeam } from "./rules";

const teams: RaciTeam[] = [
  { id: "owner", name: "Security Platform", function: "security-platform" },
  { id: "devops", name: "DevOps", function: "devops" },
  { id: "iam", name: "IAM", function: "iam" },
  { id: "pam", name: "PAM", function: "pam" },
];

const ACTIVITIES: ControlActivity[] = [
  "policy-definition", "approval", "issuance", "session-limits", "telemetry", "revocation", "exception-handling", "audit-evidence",
];

/** A matrix that satisfies every rule: the owner is A everywhere, PAM does revocation, DevOps and IAM are informed. */
function complete(): RaciCell[] {
  return [
    ...ACTIVITIES.map((activity) => ({ activity, teamId: "owner", letter: "A" as const })),
    { activity: "revocation", teamId: "pam", letter: "R" },
    { activity: "issuance", teamId: "devops", letter: "R" },
    { activity: "approval", teamId: "iam", letter: "C" },
  ];
}

const without = (cells: RaciCell[], drop: (c: RaciCell) => boolean) => cells.filter((c) => !drop(c));
const rulesOf = (cells: RaciCell[]) => findGovernanceGaps(cells, "owner", teams).map((g) => g.rule);

describe("RACI rules", () => {
  const cases: { name: string; cells: RaciCell[]; broken: number[]; says?: RegExp }[] = [
    { name: "all satisfied", cells: complete(), broken: [] },
    {
      name: "rule 1 alone: an activity without A",
      cells: without(complete(), (c) => c.activity === "telemetry" && c.letter === "A"),
      broken: [1],
      says: /No team is accountable for telemetry/,
    },
    {
      name: "rule 1 alone: two A on one activity",
      cells: [...complete(), { activity: "approval", teamId: "iam", letter: "A" } as RaciCell].filter((c) => !(c.activity === "approval" && c.letter === "C")),
      broken: [1],
      says: /Security Platform and IAM are all accountable for approval/,
    },
    {
      name: "rule 2 alone: revocation accountable outside the owner team",
      cells: complete().map((c) => (c.activity === "audit-evidence" && c.letter === "A" ? { ...c, teamId: "iam" } : c)),
      broken: [2],
      says: /IAM is accountable for audit evidence, but that must be the control owner team, Security Platform/,
    },
    {
      name: "rule 2 does not apply to other activities",
      cells: complete().map((c) => (c.activity === "approval" && c.letter === "A" ? { ...c, teamId: "iam" } : c)),
      broken: [],
    },
    {
      name: "rule 3 alone: nobody responsible for revocation",
      cells: [...without(complete(), (c) => c.activity === "revocation" && c.letter === "R"), { activity: "telemetry", teamId: "pam", letter: "I" } as RaciCell],
      broken: [3],
      says: /No team is responsible for revocation: nobody owns the teardown/,
    },
    {
      name: "rule 4 alone: IAM missing",
      cells: without(complete(), (c) => c.teamId === "iam"),
      broken: [4],
      says: /No IAM team appears in the matrix/,
    },
    { name: "an empty matrix breaks every rule it can", cells: [], broken: [1, 1, 1, 1, 1, 1, 1, 1, 3, 4, 4, 4] },
    {
      // PAM only appeared as revocation's R, so dropping the row breaks rule 4 too.
      name: "several broken at once",
      cells: without(complete(), (c) => c.activity === "revocation"),
      broken: [1, 3, 4],
    },
  ];

  for (const { name, cells, broken, says } of cases) {
    it(name, () => {
      const gaps = findGovernanceGaps(cells, "owner", teams);
      expect(gaps.map((g) => g.rule)).toEqual(broken);
      if (says) expect(gaps.map((g) => g.message).join("\n")).toMatch(says);
    });
  }

  it("counts a team by its function, whatever its name", () => {
    const renamed = teams.map((t) => (t.id === "pam" ? { ...t, name: "Vault crew" } : t));
    expect(findGovernanceGaps(complete(), "owner", renamed)).toEqual([]);
    expect(rulesOf(complete())).toEqual([]);
  });
});
