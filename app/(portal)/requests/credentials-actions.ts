"use server";
// The holder reveals the credentials of a live grant, once. Nothing is cached or revalidated
// with them: they go to this one response and the page's memory.
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { revealGrantCredentials } from "@/lib/grants/reveal-grant-credentials";
import { appDeps } from "@/lib/runtime/app-deps";

export type RevealState = ActionState & { credentials?: Record<string, string> };

export async function revealCredentialsAction(grantId: string): Promise<RevealState> {
  const actor = await requireActor();
  try {
    const secret = await revealGrantCredentials(actor, { grantId }, await appDeps());
    const credentials = Object.fromEntries(Object.entries(secret).map(([key, value]) => [key, String(value)]));
    return { status: "ok", message: "Shown once: copy what you need now.", fieldErrors: {}, credentials };
  } catch (error) {
    return toActionState(error);
  }
}
