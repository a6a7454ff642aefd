"use server";
// Admin server actions: who is acting, the service function, a typed state for the form.
import { revalidatePath } from "next/cache";
import { createTeam } from "@/lib/admin/create-team";
import { createUser } from "@/lib/admin/create-user";
import { disableUser } from "@/lib/admin/disable-user";
import { enableUser } from "@/lib/admin/enable-user";
import { setUserRoles } from "@/lib/admin/set-user-roles";
import { setUserTeams } from "@/lib/admin/set-user-teams";
import { updateTeam } from "@/lib/admin/update-team";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { appDeps } from "@/lib/runtime/app-deps";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};
const list = (form: FormData, name: string) => form.getAll(name).filter((value): value is string => typeof value === "string");
const ok = (message: string): ActionState => ({ status: "ok", message, fieldErrors: {} });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function refreshUser(userId: string) {
  revalidatePath("/admin");
  revalidatePath(`/admin/users/${userId}`);
}

/** The new-user form also gets the new account's id, to link to its page. */
export type CreateUserState = ActionState & { userId?: string };

export async function createUserAction(_previous: CreateUserState, form: FormData): Promise<CreateUserState> {
  const actor = await requireActor();
  let state: CreateUserState;
  try {
    const user = await createUser(
      actor,
      { email: text(form, "email") ?? "", name: text(form, "name") ?? "", roles: list(form, "roles"), teamIds: list(form, "teamIds") },
      await appDeps(),
    );
    state = { ...ok(`Created ${user.email}. They sign in through your identity provider; their roles and teams apply from the first sign-in.`), userId: user.id };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin");
  return state;
}

export async function setUserRolesAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  const userId = text(form, "userId") ?? "";
  let state: ActionState;
  try {
    const change = await setUserRoles(actor, { userId, roles: list(form, "roles") }, await appDeps());
    state = ok(change.changed ? `Roles saved: ${change.after.join(", ") || "none"}.` : "No change: the roles were already these.");
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") refreshUser(userId);
  return state;
}

export async function setUserTeamsAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  const userId = text(form, "userId") ?? "";
  let state: ActionState;
  try {
    const change = await setUserTeams(actor, { userId, teamIds: list(form, "teamIds") }, await appDeps());
    state = ok(change.changed ? `Teams saved: ${plural(change.after.length, "team", "teams")}.` : "No change: the teams were already these.");
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") refreshUser(userId);
  return state;
}

export async function disableUserAction(userId: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const result = await disableUser(actor, { userId }, await appDeps());
    const revoked = result.sweep ? result.sweep.revoked : 0;
    const pending = result.grantsEnded > revoked ? " Access has ended; the worker confirms the remaining revocations shortly." : "";
    state = ok(
      `Disabled ${result.email}: ${plural(result.grantsEnded, "live grant", "live grants")} ended, ${plural(result.requestsEnded, "pending request", "pending requests")} ended.${pending}`,
    );
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") refreshUser(userId);
  return state;
}

export async function enableUserAction(userId: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const result = await enableUser(actor, { userId }, await appDeps());
    state = ok(`Enabled ${result.email}. Access ended at offboarding stays ended; they request again.`);
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") refreshUser(userId);
  return state;
}

export async function createTeamAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const team = await createTeam(
      actor,
      { name: text(form, "name") ?? "", slug: text(form, "slug") ?? "", function: (text(form, "function") ?? "") },
      await appDeps(),
    );
    state = ok(`Created team ${team.name}.`);
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/teams");
  return state;
}

export async function updateTeamAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  const teamId = text(form, "teamId") ?? "";
  let state: ActionState;
  try {
    const result = await updateTeam(
      actor,
      { teamId, name: text(form, "name") ?? "", slug: text(form, "slug") ?? "", function: (text(form, "function") ?? "") },
      await appDeps(),
    );
    state = ok(result.changed ? `Saved team ${result.team.name}.` : "No change: the team already had these values.");
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") {
    revalidatePath("/admin/teams");
    revalidatePath(`/admin/teams/${teamId}`);
    revalidatePath("/admin");
  }
  return state;
}
