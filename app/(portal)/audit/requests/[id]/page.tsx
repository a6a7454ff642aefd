import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Timeline } from "@/components/timeline-view";
import { getTimeline } from "@/lib/audit/get-timeline";
import { requirePageAccess } from "@/lib/auth/require-page";
import { ServiceError } from "@/lib/errors";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Request timeline" };

export default async function RequestTimelinePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("audit.read");
  const { id } = await params;
  const timeline = await getTimeline(actor, { requestId: id }, await appDeps()).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  return <Timeline timeline={timeline} />;
}
