"use client";
// The navigation's way to the notification list, with the unread count. Polls, so the count
// follows new notifications without a reload.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "./ui/cn";

export const UNREAD_KEY = ["notifications", "unread"] as const;

async function fetchUnread(): Promise<{ unread: number }> {
  const response = await fetch("/api/ui/notifications", { cache: "no-store" });
  if (!response.ok) throw new Error(`notifications: ${response.status}`);
  return response.json();
}

export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const pathname = usePathname();
  const queryClient = useQueryClient();
  // The server renders the count afresh after marking read (the layout is revalidated): take it over.
  useEffect(() => {
    queryClient.setQueryData(UNREAD_KEY, { unread: initialUnread });
  }, [initialUnread, queryClient]);
  const { data } = useQuery({ queryKey: UNREAD_KEY, queryFn: fetchUnread, initialData: { unread: initialUnread }, refetchInterval: 15_000 });
  const unread = data.unread;
  const current = pathname === "/notifications";
  return (
    <Link
      href="/notifications"
      aria-current={current ? "page" : undefined}
      aria-label={unread ? `Notifications, ${unread} unread` : "Notifications, none unread"}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 font-medium",
        current ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
      )}
    >
      Notifications
      {unread > 0 && (
        <span data-testid="unread-count" className="min-w-5 rounded-full bg-indigo-600 px-1.5 text-center text-xs font-semibold text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
