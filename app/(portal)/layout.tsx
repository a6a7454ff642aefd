import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { NotificationBell } from "@/components/notification-bell";
import { Providers } from "@/components/providers";
import { SignOutButton } from "@/components/sign-out-button";
import { pagesFor } from "@/lib/auth/navigation";
import { can } from "@/lib/auth/permissions";
import { countMyUnread } from "@/lib/notifications/list-my-notifications";
import { appDeps } from "@/lib/runtime/app-deps";
import { requireActor } from "@/lib/auth/require-actor";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  const notified = can(actor, "notification.read-own");
  const unread = notified ? await countMyUnread(actor, await appDeps()) : 0;
  return (
    <Providers>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-1">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-6 py-3">
          <div className="flex items-center gap-6">
            <Link href="/" className="text-lg font-bold tracking-tight text-slate-900">
              Lapse
            </Link>
            <nav aria-label="Main">
              <NavLinks items={pagesFor(actor).map(({ href, label }) => ({ href, label }))} />
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm">
            {notified && (
              <>
                <NotificationBell initialUnread={unread} />
                <Link href="/settings/notifications" className="rounded-md px-2.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                  Settings
                </Link>
              </>
            )}
            <nav aria-label="Account" className="flex items-center gap-1">
              <Link href="/profile" className="rounded-md px-2.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                API tokens
              </Link>
              <Link href="/api-docs" className="rounded-md px-2.5 py-1.5 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900">
                API docs
              </Link>
            </nav>
            <Link href="/account" className="text-right leading-tight hover:underline" title="Your account and sessions">
              <span className="block font-medium text-slate-800">{actor.name}</span>
              <span className="hidden text-xs text-slate-500 sm:block">
                {actor.email} · {actor.roles.join(", ") || "no roles"}
              </span>
            </Link>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl space-y-6 px-6 py-8">
        {children}
      </main>
    </Providers>
  );
}
