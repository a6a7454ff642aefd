"use server";
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { cancelExtension } from "@/lib/extensions/cancel-extension";
import { requestExtension } from "@/lib/extensions/request-extension";
import { relinquishGrant } from "@/lib/grants/revoke-grant";
import { formatMinutes } from "@/lib/lifecycle/duration";
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

export async function requestExtensionAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const { extension } = await requestExtension(
      actor,
      { grantId: text(form, "grantId") ?? "", minutes: text(form, "minutes") ?? "", justification: text(form, "justification") },
      await appDeps(),
    );
    const message =
      extension.status === "approved"
        ? `Approved by policy: your access now lasts ${formatMinutes(extension.minutes)} longer.`
        : `Asked for ${formatMinutes(extension.minutes)} more. Approvers will see it now.`;
    state = { status: "ok", message, fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/requests");
  return state;
}

export async function cancelExtensionAction(extensionId: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    await cancelExtension(actor, { extensionId }, await appDeps());
    state = { status: "ok", message: "Extension request cancelled.", fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/requests");
  return state;
}
