import { uiJsonRoute } from "@/lib/http/ui-json-route";
import { listApprovalQueue } from "@/lib/requests/list-approval-queue";
import { appDeps } from "@/lib/runtime/app-deps";

export const dynamic = "force-dynamic";

export function GET() {
  return uiJsonRoute(async (actor) => listApprovalQueue(actor, await appDeps()));
}
