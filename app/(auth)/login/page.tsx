import type { Metadata } from "next";
import { OIDC_PROVIDER_ID, oidcConfig } from "@/lib/auth/oidc-config";
import { OIDC_ERRORS } from "@/lib/auth/oidc-provider";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { LoginForm } from "./login-form";
import { SsoButton } from "./sso-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  // Only same-site paths: a sign-in link must not bounce people to another site.
  const next = safeNextPath(callbackUrl);
  const sso = oidcConfig();
  // Why a single sign-on came back refused. next-auth sends its own codes here too (a cancelled
  // or failed provider round trip); password sign-in reports its errors in the form instead.
  const ssoError = error && (sso || error.startsWith("Oidc")) && error !== "CredentialsSignin" ? (OIDC_ERRORS[error] ?? OIDC_ERRORS.OidcFailed) : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-bold tracking-tight text-slate-900">Lapse</p>
          <p className="mt-1 text-sm text-slate-500">Temporary privilege that stays temporary.</p>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="mb-4 text-lg font-semibold text-slate-900">Sign in</h1>
          {sso && (
            <div className="mb-4 space-y-4 border-b border-slate-200 pb-4">
              <SsoButton providerId={OIDC_PROVIDER_ID} name={sso.name} next={next} />
            </div>
          )}
          <LoginForm next={next} initialError={ssoError} />
        </div>
      </div>
    </main>
  );
}
