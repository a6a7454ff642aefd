import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { LocalTime } from "@/components/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listMyNotifications } from "@/lib/notifications/list-my-notifications";
import { appDeps } from "@/lib/runtime/app-deps";
import { markReadAction, openNotificationAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const actor = await requirePageAccess("notification.read-own");
  const items = await listMyNotifications(actor, await appDeps());
  const unread = items.filter((item) => !item.readAt).length;
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            What needs you, and what happened to your access. Choose what reaches you, and how, in{" "}
            <Link href="/settings/notifications" className="text-indigo-700 underline">
              notification settings
            </Link>
            .
          </>
        }
      />
      <Card
        title={unread ? `${unread} unread` : "All read"}
        id="inbox"
        description="Your latest 100 notifications, newest first."
        actions={
          unread > 0 && (
            <form action={markReadAction}>
              <Button type="submit" variant="secondary" size="sm">
                Mark all as read
              </Button>
            </form>
          )
        }
      >
        {items.length === 0 ? (
          <EmptyState>Nothing yet. Lapse tells you here when something needs you.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Notifications">
            {items.map((item) => (
              <li key={item.id} aria-label={`${item.readAt ? "" : "Unread: "}${item.title}`} className={cn("flex flex-wrap items-start justify-between gap-3 py-3", !item.readAt && "border-l-4 border-indigo-500 pl-3")}>
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-900">
                    {!item.readAt && (
                      <span className="mr-2">
                        <Badge tone="info">new</Badge>
                      </span>
                    )}
                    {item.title}
                  </p>
                  <p className="mt-0.5 text-sm text-slate-600">{item.body}</p>
                  <p className="mt-1 text-xs text-slate-500">
                    <LocalTime iso={item.createdAt.toISOString()} />
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <form action={openNotificationAction}>
                    <input type="hidden" name="notificationId" value={item.id} />
                    <input type="hidden" name="target" value="link" />
                    <Button type="submit" size="sm" aria-label={`Open: ${item.title}`}>
                      Open
                    </Button>
                  </form>
                  {item.actionLabel && item.actionLink && (
                    <form action={openNotificationAction}>
                      <input type="hidden" name="notificationId" value={item.id} />
                      <input type="hidden" name="target" value="action" />
                      <Button type="submit" variant="secondary" size="sm">
                        {item.actionLabel}
                      </Button>
                    </form>
                  )}
                  {!item.readAt && (
                    <form action={markReadAction}>
                      <input type="hidden" name="notificationId" value={item.id} />
                      <Button type="submit" variant="secondary" size="sm" aria-label={`Mark read: ${item.title}`}>
                        Mark read
                      </Button>
                    </form>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
