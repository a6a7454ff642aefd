import { uiJsonRoute } from "@/lib/http/ui-json-route";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export function GET() {
  return uiJsonRoute(async (actor) => listMyRequests(actor, await appDeps()));
}
