// How the admin pages name roles and team functions (shared by server pages and client forms).
import type { Role, TeamFunction } from "@/db/enums";

export const ROLE_LABELS: Record<Role, { label: string; hint: string }> = {
  requester: { label: "Requester", hint: "asks for time-boxed access" },
  approver: { label: "Approver", hint: "decides requests on resources their teams approve" },
  owner: { label: "Control owner", hint: "edits policy and RACI of their team's resources" },
  auditor: { label: "Auditor", hint: "reads evidence and exports, changes nothing" },
  admin: { label: "Admin", hint: "manages users and teams" },
};

export const TEAM_FUNCTION_LABELS: Record<TeamFunction, string> = {
  devops: "DevOps",
  iam: "IAM",
  pam: "PAM",
  "security-platform": "Security platform",
  sre: "SRE",
  other: "Other",
};

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
