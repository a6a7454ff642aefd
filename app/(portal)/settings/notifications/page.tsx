import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { EmptyState } from "@/components/ui/table";
import { NOTIFICATION_EVENTS } from "@/db/enums";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { NOTIFICATION_EVENT_LABELS } from "@/lib/notifications/event-labels";
import { getNotificationPreferences } from "@/lib/notifications/preferences";
import { emailEnabled } from "@/lib/notifications/settings";
import { listManageableTeams } from "@/lib/notifications/team-channels";
import { appDeps } from "@/lib/runtime/app-deps";
import { PreferencesForm, type PreferenceRow } from "./preferences-form";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  const actor = await requirePageAccess("notification.preferences");
  const deps = await appDeps();
  const [matrix, teams] = await Promise.all([
    getNotificationPreferences(actor, deps),
    can(actor, "team.notifications.manage") ? listManageableTeams(actor, deps) : Promise.resolve([]),
  ]);
  const email = emailEnabled();
  const rows: PreferenceRow[] = NOTIFICATION_EVENTS.map((event) => {
    const { label, hint, roles } = NOTIFICATION_EVENT_LABELS[event];
    return { event, label, hint, shown: roles.some((role) => actor.roles.includes(role)), values: matrix[event] };
  });
  const shown = rows.some((row) => row.shown);
  return (
    <>
      <PageHeader title="Notification settings" description={`Which notifications reach you (${actor.email}), and how. Links in messages always need you to sign in.`} />
      <Card title="Your notifications" description="Everything is on until you switch it off.">
        <div className="space-y-4">
          {!email && (
            <Notice tone="info" label="Email not configured">
              Email is not a channel on this Lapse: no mail server is configured (LAPSE_SMTP_HOST), so notifications appear in Lapse only.
            </Notice>
          )}
          {shown ? <PreferencesForm rows={rows} emailEnabled={email} /> : <EmptyState>Your roles receive no notifications.</EmptyState>}
        </div>
      </Card>
      {teams.length > 0 && (
        <Card title="Team channels" description="Where a team hears about what concerns it: a chat channel (incoming webhook) and a signed webhook.">
          <ul className="divide-y divide-slate-100" aria-label="Teams">
            {teams.map((team) => (
              <li key={team.id} className="flex items-center justify-between gap-3 py-2">
                <Link href={`/settings/teams/${team.id}`} className="font-medium text-indigo-700 underline decoration-indigo-200 underline-offset-2 hover:decoration-indigo-700">
                  {team.name}
                </Link>
                <Badge tone={team.configured ? "success" : "neutral"}>{team.configured ? "channels set" : "no channels"}</Badge>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
