import { notFound } from "next/navigation";
import { Timeline } from "@/components/timeline-view";
import { getTimeline } from "@/lib/audit/get-timeline";
import { requirePageAccess } from "@/lib/auth/require-page";
import { ServiceError } from "@/lib/errors";
import { appDeps } from "@/lib/runtime/app-deps";

/** The lifecycle timeline page for a request or a grant id; unknown ids are a 404. */
export async function TimelinePage({ lookup }: { lookup: { requestId: string } | { grantId: string } }) {
  const actor = await requirePageAccess("audit.read");
  const timeline = await getTimeline(actor, lookup, await appDeps()).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  return <Timeline timeline={timeline} />;
}
