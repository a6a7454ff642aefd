"use server";
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { saveNotificationPreferences } from "@/lib/notifications/preferences";
import { saveTeamChannels } from "@/lib/notifications/team-channels";
import { appDeps } from "@/lib/runtime/app-deps";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export async function savePreferencesAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const enabled = form.getAll("enabled").filter((value): value is string => typeof value === "string");
    await saveNotificationPreferences(actor, { enabled }, await appDeps());
    state = { status: "ok", message: "Notification settings saved.", fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/settings/notifications");
  return state;
}

export type TeamChannelsState = ActionState & { generatedKey?: string };

export async function saveTeamChannelsAction(_previous: TeamChannelsState, form: FormData): Promise<TeamChannelsState> {
  const actor = await requireActor();
  let state: TeamChannelsState;
  try {
    const { generatedKey } = await saveTeamChannels(
      actor,
      {
        teamId: text(form, "teamId"),
        chatWebhookUrl: text(form, "chatWebhookUrl"),
        clearChat: form.get("clearChat") === "on",
        webhookUrl: text(form, "webhookUrl"),
        webhookKey: text(form, "webhookKey"),
      },
      await appDeps(),
    );
    state = { status: "ok", message: "Team channels saved.", fieldErrors: {}, generatedKey: generatedKey ?? undefined };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/settings", "layout");
  return state;
}
