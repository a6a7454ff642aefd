// The four rules of DESIGN §2 over a resource's RACI matrix. A broken rule is a governance
// gap; a resource with any gap accepts no new requests or extensions. Pure, so the grid can
// show them live as the owner edits and the service can refuse with the same words.
import { CONTROL_ACTIVITIES, type ControlActivity, type RaciLetter, type TeamFunction } from "@/db/enums";

export interface RaciCell {
  activity: ControlActivity;
  teamId: string;
  letter: RaciLetter;
}

export interface RaciTeam {
  id: string;
  name: string;
  function: TeamFunction;
}

export interface GovernanceGap {
  rule: 1 | 2 | 3 | 4;
  activity: ControlActivity | null;
  message: string;
}

/** Activities whose accountable team must be the resource's control owner team (rule 2). */
export const OWNER_ACCOUNTABLE_ACTIVITIES: readonly ControlActivity[] = ["revocation", "exception-handling", "audit-evidence"];
/** Team functions that must each appear somewhere in every matrix (rule 4). */
export const REQUIRED_FUNCTIONS: readonly { fn: TeamFunction; label: string }[] = [
  { fn: "devops", label: "DevOps" },
  { fn: "iam", label: "IAM" },
  { fn: "pam", label: "PAM" },
];

export const ACTIVITY_LABELS: Record<ControlActivity, string> = {
  "policy-definition": "policy definition",
  approval: "approval",
  issuance: "issuance",
  "session-limits": "session limits",
  telemetry: "telemetry",
  revocation: "revocation",
  "exception-handling": "exception handling",
  "audit-evidence": "audit evidence",
};

export function findGovernanceGaps(cells: readonly RaciCell[], ownerTeamId: string, teams: readonly RaciTeam[]): GovernanceGap[] {
  const nameOf = (id: string) => teams.find((t) => t.id === id)?.name ?? "an unknown team";
  const gaps: GovernanceGap[] = [];

  for (const activity of CONTROL_ACTIVITIES) {
    const label = ACTIVITY_LABELS[activity];
    const accountable = cells.filter((c) => c.activity === activity && c.letter === "A").map((c) => c.teamId);
    if (accountable.length === 0) {
      gaps.push({ rule: 1, activity, message: `No team is accountable for ${label}: mark exactly one team A.` });
    } else if (accountable.length > 1) {
      const names = accountable.map(nameOf).join(" and ");
      gaps.push({ rule: 1, activity, message: `${names} are all accountable for ${label}: exactly one team may be A.` });
    } else if (OWNER_ACCOUNTABLE_ACTIVITIES.includes(activity) && accountable[0] !== ownerTeamId) {
      gaps.push({
        rule: 2,
        activity,
        message: `${nameOf(accountable[0])} is accountable for ${label}, but that must be the control owner team, ${nameOf(ownerTeamId)}.`,
      });
    }
  }

  if (!cells.some((c) => c.activity === "revocation" && c.letter === "R")) {
    gaps.push({ rule: 3, activity: "revocation", message: "No team is responsible for revocation: nobody owns the teardown." });
  }

  const present = new Set(cells.map((c) => teams.find((t) => t.id === c.teamId)?.function));
  for (const { fn, label } of REQUIRED_FUNCTIONS) {
    if (!present.has(fn)) gaps.push({ rule: 4, activity: null, message: `No ${label} team appears in the matrix: ${label} must know its part.` });
  }
  return gaps;
}
