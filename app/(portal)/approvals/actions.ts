"use server";
import { revalidatePath } from "next/cache";
import type { Decision } from "@/db/schema";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { decideExtension } from "@/lib/extensions/decide-extension";
import { decideRequest } from "@/lib/requests/decide-request";
import { appDeps } from "@/lib/runtime/app-deps";

const MESSAGES = {
  approved: "Approved. Access is being issued.",
  "awaiting-more": "Your approval is recorded; another approver must approve too.",
  denied: "Denied.",
} as const;

export async function decideRequestAction(requestId: string, decision: Decision, comment: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    // The decision is a parameter, not trusted input: anything but "approve" or "deny" is refused.
    if (decision !== "approve" && decision !== "deny") throw new Error("unknown decision");
    const result = await decideRequest(actor, decision, { requestId, comment }, await appDeps());
    state = { status: "ok", message: MESSAGES[result.outcome], fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/approvals");
  return state;
}

const EXTENSION_MESSAGES = {
  approved: "Extension approved. The grant's new expiry applies now.",
  "awaiting-more": "Your approval of the extension is recorded; another approver must approve too.",
  denied: "Extension denied.",
} as const;

export async function decideExtensionAction(extensionId: string, decision: Decision, comment: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    if (decision !== "approve" && decision !== "deny") throw new Error("unknown decision");
    const result = await decideExtension(actor, decision, { extensionId, comment }, await appDeps());
    state = { status: "ok", message: EXTENSION_MESSAGES[result.outcome], fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/approvals");
  return state;
}
