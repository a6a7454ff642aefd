"use server";
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { relinquishGrant } from "@/lib/grants/revoke-grant";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { appDeps } from "@/lib/runtime/app-deps";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

export async function createRequestAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const request = await createRequest(
      actor,
      {
        resourceId: text(form, "resourceId") ?? "",
        accessLevel: text(form, "accessLevel") ?? "",
        durationMinutes: text(form, "durationMinutes") ?? "",
        justification: text(form, "justification"),
        ticket: text(form, "ticket"),
        breakGlass: text(form, "breakGlass"),
      },
      await appDeps(),
    );
    const message =
      request.breakGlass
        ? "Glass broken: your access is being issued now. The owner team will review it."
        : request.status === "approved"
          ? "Approved by policy: your access is being issued."
          : "Request sent. Approvers will see it now.";
    state = { status: "ok", message, fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/requests");
  return state;
}

export async function cancelRequestAction(requestId: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    await cancelRequest(actor, { requestId }, await appDeps());
    state = { status: "ok", message: "Request cancelled.", fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/requests");
  return state;
}

export async function relinquishGrantAction(grantId: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const ended = await relinquishGrant(actor, { grantId }, await appDeps());
    state = {
      status: "ok",
      message: ended.confirmed ? "Access given back and revoked." : "Access ended; Lapse is confirming the revocation on the target.",
      fieldErrors: {},
    };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/requests");
  return state;
}
