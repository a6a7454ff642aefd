import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/nav-links";
import { Providers } from "@/components/providers";
import { SignOutButton } from "@/components/sign-out-button";
import { pagesFor } from "@/lib/auth/navigation";
import { requireActor } from "@/lib/auth/require-actor";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
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
            <nav aria-label="Account" className="flex items-center gap-3 text-xs">
              <Link href="/profile" className="text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline">
                API tokens
              </Link>
              <Link href="/api-docs" className="text-slate-600 underline-offset-2 hover:text-slate-900 hover:underline">
                API docs
              </Link>
            </nav>
            <span className="text-right leading-tight">
              <span className="block font-medium text-slate-800">{actor.name}</span>
              <span className="hidden text-xs text-slate-500 sm:block">
                {actor.email} · {actor.roles.join(", ") || "no roles"}
              </span>
            </span>
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
