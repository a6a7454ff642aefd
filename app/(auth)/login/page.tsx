import type { Metadata } from "next";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: a sign-in link must not bounce people to another site.
  const next = safeNextPath(callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-bold tracking-tight text-slate-900">Lapse</p>
          <p className="mt-1 text-sm text-slate-500">Temporary privilege that stays temporary.</p>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="mb-4 text-lg font-semibold text-slate-900">Sign in</h1>
          <LoginForm next={next} />
        </div>
      </div>
    </main>
  );
}
