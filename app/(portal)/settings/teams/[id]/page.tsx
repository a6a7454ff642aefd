import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { Card } from "@/components/ui/card";
import { requirePageAccess } from "@/lib/auth/require-page";
import { ServiceError } from "@/lib/errors";
import { getTeamChannels } from "@/lib/notifications/team-channels";
import { appDeps } from "@/lib/runtime/app-deps";
import { TeamChannelsForm } from "./team-channels-form";

export const metadata: Metadata = { title: "Team channels" };

export default async function TeamChannelsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("team.notifications.manage");
  const { id } = await params;
  const view = await getTeamChannels(actor, id, await appDeps()).catch((error: unknown) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <div>
        <Link href="/settings/notifications" className="text-sm text-indigo-700 underline">
          ← Notification settings
        </Link>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">{view.teamName}: channels</h1>
        <p className="mt-1 text-sm text-slate-500">
          Messages for this team (requests it may approve, drift and reviews on resources it owns, policy changes) also go here.
          {view.updatedAt && (
            <>
              {" "}
              Last changed by {view.updatedBy}, <LocalTime iso={view.updatedAt.toISOString()} />.
            </>
          )}
        </p>
      </div>
      <Card title="Channels">
        <TeamChannelsForm teamId={view.teamId} hasChatWebhook={view.hasChatWebhook} webhookUrl={view.webhookUrl} hasWebhookKey={view.hasWebhookKey} />
      </Card>
    </>
  );
}
