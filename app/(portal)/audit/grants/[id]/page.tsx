import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Timeline } from "@/components/timeline-view";
import { getTimeline } from "@/lib/audit/get-timeline";
import { requirePageAccess } from "@/lib/auth/require-page";
import { ServiceError } from "@/lib/errors";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Grant timeline" };

export default async function GrantTimelinePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("audit.read");
  const { id } = await params;
  const timeline = await getTimeline(actor, { grantId: id }, await appDeps()).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  return <Timeline timeline={timeline} />;
}
