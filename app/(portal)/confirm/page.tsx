import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { OIDC_PROVIDER_ID, oidcConfig } from "@/lib/auth/oidc-config";
import { requireSignedInSession } from "@/lib/auth/require-actor";
import { stepUpWindowMs } from "@/lib/auth/session-limits";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { formatMinutes } from "@/lib/lifecycle/duration";
import { ConfirmPasswordForm, ConfirmWithProvider } from "./confirm-form";

export const metadata: Metadata = { title: "Confirm it's you" };

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { actor, method } = await requireSignedInSession();
  const next = safeNextPath((await searchParams).next);
  const sso = oidcConfig();
  const minutes = Math.round(stepUpWindowMs() / 60_000);
  return (
    <>
      <PageHeader
        title="Confirm it's you"
        description={`Approving, denying, breaking glass and confirming a policy change need a sign-in within the last ${formatMinutes(minutes)}. Signed in as ${actor.email}.`}
      />
      <Card title={method === "oidc" && sso ? `Sign in again with ${sso.name}` : "Enter your password again"}>
        {method === "oidc" && sso ? <ConfirmWithProvider next={next} name={sso.name} providerId={OIDC_PROVIDER_ID} /> : <ConfirmPasswordForm next={next} />}
      </Card>
    </>
  );
}
