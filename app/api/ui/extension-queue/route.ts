import { listExtensionQueue } from "@/lib/extensions/list-extension-queue";
import { uiJsonRoute } from "@/lib/http/ui-json-route";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export function GET() {
  return uiJsonRoute(async (actor) => listExtensionQueue(actor, await appDeps()));
}
