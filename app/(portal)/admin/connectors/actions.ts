"use server";
// Saves a resource's connector. Form fields are named `settings.<name>` and `secrets.<name>`;
// access-level mappings arrive as lines of `level=role`.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { saveConnectorConfig } from "@/lib/connectors/save-connector-config";
import { deleteResource } from "@/lib/resources/delete-resource";
import { renameResource } from "@/lib/resources/rename-resource";
import { appDeps } from "@/lib/runtime/app-deps";

export type ConnectorFormState = ActionState & { generatedSecrets?: Record<string, string>; revision?: number };

function levelRoles(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const [level, role] = line.split("=").map((part) => part?.trim() ?? "");
    if (level) map[level] = role ?? "";
  }
  return map;
}

export async function saveConnectorAction(_previous: ConnectorFormState, form: FormData): Promise<ConnectorFormState> {
  const actor = await requireActor();
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    if (name.startsWith("settings.")) settings[name.slice(9)] = value;
    if (name.startsWith("secrets.")) secrets[name.slice(8)] = value;
  }
  if (typeof settings.levelRoles === "string") settings.levelRoles = levelRoles(settings.levelRoles);
  let state: ConnectorFormState;
  try {
    const saved = await saveConnectorConfig(
      actor,
      { resourceId: String(form.get("resourceId") ?? ""), kind: String(form.get("kind") ?? "") as never, settings, secrets, revision: Number(form.get("revision") ?? 0) },
      await appDeps(),
    );
    state = { status: "ok", message: `Saved (revision ${saved.revision}).`, fieldErrors: {}, generatedSecrets: saved.generatedSecrets, revision: saved.revision };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/admin/connectors", "layout");
  return state;
}

export type RenameState = ActionState & { slug?: string };

export async function renameResourceAction(_previous: RenameState, form: FormData): Promise<RenameState> {
  const actor = await requireActor();
  let state: RenameState;
  try {
    const result = await renameResource(
      actor,
      { resourceId: String(form.get("resourceId") ?? ""), name: String(form.get("name") ?? ""), slug: String(form.get("slug") ?? "") },
      await appDeps(),
    );
    state = { status: "ok", message: result.changed ? "Saved. Grants, policy and history follow the resource." : "No change.", fieldErrors: {}, slug: result.slug };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath("/", "layout");
  return state;
}

export async function deleteResourceAction(resourceId: string): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    await deleteResource(actor, { resourceId }, await appDeps());
    state = { status: "ok", message: "Deleted.", fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status !== "ok") return state;
  revalidatePath("/", "layout");
  redirect("/admin/connectors");
}
