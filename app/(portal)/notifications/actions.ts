"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { toActionState } from "@/lib/action-state";
import { requireActor } from "@/lib/auth/require-actor";
import { markNotificationsRead, openNotification } from "@/lib/notifications/mark-notifications-read";
import { appDeps } from "@/lib/runtime/app-deps";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Marks the notification read and goes where it leads (its page, or its action such as an extension). */
export async function openNotificationAction(form: FormData): Promise<void> {
  const actor = await requireActor();
  let target = "/notifications";
  try {
    target = await openNotification(actor, { notificationId: text(form, "notificationId"), target: text(form, "target") || "link" }, await appDeps());
  } catch (error) {
    toActionState(error); // logs anything unexpected; the list is shown again
  }
  revalidatePath("/", "layout");
  redirect(target);
}

export async function markReadAction(form: FormData): Promise<void> {
  const actor = await requireActor();
  try {
    const id = text(form, "notificationId");
    await markNotificationsRead(actor, id ? { notificationId: id } : { all: true }, await appDeps());
  } catch (error) {
    toActionState(error);
  }
  revalidatePath("/", "layout");
}
