// Checkbox options for roles and teams, built the same way on every admin form.
import { ROLES, type Role } from "@/db/enums";
import type { TeamView } from "@/lib/admin/list-teams";
import { ROLE_LABELS, TEAM_FUNCTION_LABELS } from "./labels";

export type TeamChoice = Pick<TeamView, "id" | "name" | "slug" | "function">;

export function roleOptions(except: readonly Role[] = []) {
  return ROLES.filter((role) => !except.includes(role)).map((role) => ({ value: role, label: ROLE_LABELS[role].label, detail: ROLE_LABELS[role].hint }));
}

export function teamOptions(teams: readonly TeamChoice[]) {
  return teams.map((team) => ({ value: team.id, label: team.name, detail: `${TEAM_FUNCTION_LABELS[team.function]} · ${team.slug}` }));
}
