import { uiJsonRoute } from "@/lib/http/ui-json-route";
import { countMyUnread } from "@/lib/notifications/list-my-notifications";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

/** The unread count the navigation polls. */
export function GET() {
  return uiJsonRoute(async (actor) => ({ unread: await countMyUnread(actor, await appDeps()) }));
}
