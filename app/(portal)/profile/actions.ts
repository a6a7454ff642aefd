"use server";
// The signed-in person's own API tokens: create (shown once) and revoke.
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { createDecisionToken, createPersonalToken, revokePersonalToken } from "@/lib/api-tokens/personal-tokens";
import { requireActor } from "@/lib/auth/require-actor";
import { appDeps } from "@/lib/runtime/app-deps";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

export type TokenState = ActionState & { secret?: string };

export async function createTokenAction(_previous: TokenState, form: FormData): Promise<TokenState> {
  const actor = await requireActor();
  let state: TokenState;
  try {
    const token = await createPersonalToken(actor, { name: text(form, "name") ?? "", expiresInDays: text(form, "expiresInDays") ?? "" }, await appDeps());
    state = { status: "ok", message: `Token “${token.name}” created. Copy it now: it is shown only this once.`, fieldErrors: {}, secret: token.secret };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/profile");
  return state;
}

export async function createDecisionTokenAction(_previous: TokenState, form: FormData): Promise<TokenState> {
  const actor = await requireActor();
  let state: TokenState;
  try {
    const token = await createDecisionToken(actor, { name: text(form, "name") ?? "" }, await appDeps());
    const until = new Date(token.expiresAt).toISOString().slice(11, 16);
    state = { status: "ok", message: `Decision token “${token.name}” created; it works until ${until} UTC. Copy it now: it is shown only this once.`, fieldErrors: {}, secret: token.secret };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/profile");
  return state;
}

export async function revokeTokenAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    await revokePersonalToken(actor, { tokenId: text(form, "tokenId") ?? "" }, await appDeps());
    state = { status: "ok", message: "Token revoked.", fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/profile");
  return state;
}
