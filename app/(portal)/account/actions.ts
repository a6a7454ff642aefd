"use server";
import { redirect } from "next/navigation";
import { requireActor } from "@/lib/auth/require-actor";
import { endAllMySessions } from "@/lib/auth/sessions";
import { appDeps } from "@/lib/runtime/app-deps";

/** Ends every session of the signed-in person, this one too, and sends them to sign in. */
export async function signOutEverywhereAction(): Promise<void> {
  const actor = await requireActor();
  await endAllMySessions(actor, await appDeps());
  redirect("/login");
}
