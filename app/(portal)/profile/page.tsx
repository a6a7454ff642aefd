import type { Metadata } from "next";
import Link from "next/link";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { listPersonalTokens } from "@/lib/api-tokens/personal-tokens";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { stepUpWindowMs } from "@/lib/auth/session-limits";
import { appDeps } from "@/lib/runtime/app-deps";
import { NewDecisionTokenForm, NewTokenForm, RevokeTokenButton } from "./token-forms";

export const metadata: Metadata = { title: "API tokens" };

export default async function ProfilePage() {
  const actor = await requirePageAccess("token.manage-own");
  const tokens = await listPersonalTokens(actor, await appDeps());
  const now = Date.now();
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Personal tokens let you use the <Link href="/api-docs" className="text-indigo-700 underline">Lapse API</Link> and the <code>lapse</code> CLI as yourself, with the roles you hold at each call.
          </>
        }
      />
      <Card title="Your tokens">
        {tokens.length === 0 ? (
          <EmptyState>No tokens yet.</EmptyState>
        ) : (
          <Table caption="Your API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Token</Th>
                <Th>Created</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                <Th>Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.map((t) => {
                const expired = new Date(t.expiresAt).getTime() <= now;
                return (
                  <tr key={t.id}>
                    <Td className="font-medium text-slate-900">
                      {t.name}
                      {t.forDecisions && (
                        <div className="mt-1">
                          <Badge tone="info">may decide</Badge>
                        </div>
                      )}
                    </Td>
                    <Td>
                      <code className="font-mono text-xs">{t.prefix}…</code>
                    </Td>
                    <Td>
                      <LocalTime iso={t.createdAt} />
                    </Td>
                    <Td>
                      <LocalTime iso={t.expiresAt} />
                    </Td>
                    <Td>{t.lastUsedAt ? <LocalTime iso={t.lastUsedAt} /> : "never"}</Td>
                    <Td>{t.revokedAt ? <Badge tone="neutral">revoked</Badge> : expired ? <Badge tone="warning">expired</Badge> : <Badge tone="success">active</Badge>}</Td>
                    <Td>{!t.revokedAt && !expired && <RevokeTokenButton tokenId={t.id} name={t.name} />}</Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="New token">
        <NewTokenForm />
      </Card>
      {can(actor, "request.decide") && (
        <Card title="Decision token">
          <p className="mb-4 text-sm text-slate-600">
            Approving and denying need a recent sign-in, which an ordinary token is not. A decision token also approves and denies through the API, for as long as your
            sign-in stays recent, then expires.
          </p>
          <NewDecisionTokenForm minutes={Math.round(stepUpWindowMs() / 60_000)} />
        </Card>
      )}
    </>
  );
}
