import type { Metadata } from "next";
import { TimelinePage } from "../../timeline-page";

export const metadata: Metadata = { title: "Grant timeline" };

export default async function GrantTimelinePage({ params }: { params: Promise<{ id: string }> }) {
  return <TimelinePage lookup={{ grantId: (await params).id }} />;
}
