"use server";
// Saving a control's mapping (control owners and admins): the service checks the permission.
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { updateControl } from "@/lib/controls/update-control";
import { appDeps } from "@/lib/runtime/app-deps";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export async function updateControlAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const control = await updateControl(
      actor,
      {
        controlId: text(form, "controlId"),
        updatedAt: text(form, "updatedAt"),
        lapseDoes: text(form, "lapseDoes"),
        actions: form.getAll("actions").filter((value): value is string => typeof value === "string"),
      },
      await appDeps(),
    );
    state = { status: "ok", message: `${control.identifier} saved.`, fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") {
    revalidatePath("/controls");
    revalidatePath("/audit/controls");
  }
  return state;
}
