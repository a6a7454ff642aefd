"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireSignedInSession } from "@/lib/auth/require-actor";
import { stepUpWithPassword } from "@/lib/auth/step-up";
import { clientAddress } from "@/lib/http/client-address";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { appDeps } from "@/lib/runtime/app-deps";

/** Re-enters the password for this session; on success, back to where the person was. */
export async function confirmIdentityAction(next: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const { actor, sessionId } = await requireSignedInSession();
  const password = form.get("password");
  let state: ActionState;
  try {
    const result = await stepUpWithPassword(
      actor,
      { password: typeof password === "string" ? password : "", sessionId, address: clientAddress(await headers()) },
      await appDeps(),
    );
    state =
      result.outcome === "confirmed"
        ? { status: "ok", message: "Confirmed.", fieldErrors: {} }
        : result.outcome === "rate-limited"
          ? { status: "forbidden", message: "Too many failed attempts. Wait 15 minutes, then try again.", fieldErrors: {} }
          : { status: "invalid", message: "That password is not right.", fieldErrors: { password: ["That password is not right."] } };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") redirect(safeNextPath(next));
  return state;
}
