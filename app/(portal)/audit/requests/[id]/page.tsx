import type { Metadata } from "next";
import { TimelinePage } from "../../timeline-page";

export const metadata: Metadata = { title: "Request timeline" };

export default async function RequestTimelinePage({ params }: { params: Promise<{ id: string }> }) {
  return <TimelinePage lookup={{ requestId: (await params).id }} />;
}
