"use server";
// Workload identity server actions (admins): register, issue or revoke an API key, disable.
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { appDeps } from "@/lib/runtime/app-deps";
import { createWorkload } from "@/lib/workloads/create-workload";
import { disableWorkload } from "@/lib/workloads/disable-workload";
import { updateWorkload } from "@/lib/workloads/update-workload";
import { issueWorkloadKey, revokeWorkloadKey } from "@/lib/workloads/workload-keys";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/** A new API key comes back once, for the form to show; it is never stored in the clear. */
export type SecretState = ActionState & { secret?: string };

export async function createWorkloadAction(_previous: SecretState, form: FormData): Promise<SecretState> {
  const actor = await requireActor();
  let state: SecretState;
  try {
    const { workload, key } = await createWorkload(
      actor,
      {
        name: text(form, "name") ?? "",
        ownerTeamId: text(form, "ownerTeamId") ?? "",
        authKind: (text(form, "authKind") ?? "") as "oidc",
        issuer: text(form, "issuer"),
        audience: text(form, "audience"),
        claimConditions: text(form, "claimConditions") ?? "",
        mayCheckAccess: text(form, "mayCheckAccess"),
        keyExpiresInDays: text(form, "keyExpiresInDays") || undefined,
      },
      await appDeps(),
    );
    state = key
      ? { status: "ok", message: `Registered workload:${workload.name}. Copy its API key now: it is shown only this once.`, fieldErrors: {}, secret: key.secret }
      : { status: "ok", message: `Registered workload:${workload.name}. Pipelines whose OIDC tokens meet its conditions now authenticate as it.`, fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/workloads");
  return state;
}

export async function issueWorkloadKeyAction(_previous: SecretState, form: FormData): Promise<SecretState> {
  const actor = await requireActor();
  let state: SecretState;
  try {
    const key = await issueWorkloadKey(actor, { workloadId: text(form, "workloadId") ?? "", expiresInDays: text(form, "expiresInDays") ?? "" }, await appDeps());
    state = { status: "ok", message: "New API key issued. Copy it now: it is shown only this once.", fieldErrors: {}, secret: key.secret };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/workloads");
  return state;
}

export async function revokeWorkloadKeyAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    await revokeWorkloadKey(actor, { tokenId: text(form, "tokenId") ?? "" }, await appDeps());
    state = { status: "ok", message: "Key revoked.", fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/workloads");
  return state;
}

export async function disableWorkloadAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const result = await disableWorkload(actor, { workloadId: text(form, "workloadId") ?? "" }, await appDeps());
    state = { status: "ok", message: `Disabled. ${result.grantsEnded} live grant(s) ended, ${result.requestsEnded} pending request(s) cancelled.`, fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/workloads");
  return state;
}

export async function updateWorkloadAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const workload = await updateWorkload(
      actor,
      { workloadId: text(form, "workloadId") ?? "", audience: text(form, "audience"), claimConditions: text(form, "claimConditions") ?? "", mayCheckAccess: text(form, "mayCheckAccess") },
      await appDeps(),
    );
    state = { status: "ok", message: `Saved workload:${workload.name}.`, fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/workloads");
  return state;
}
