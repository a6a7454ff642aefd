import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { formatMinutes } from "@/lib/lifecycle/duration";
import { listOwnedResources } from "@/lib/resources/list-owned-resources";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Resources" };

export default async function OwnerPage() {
  const actor = await requirePageAccess("owner.read");
  const owned = await listOwnedResources(actor, await appDeps());
  return (
    <>
      <PageHeader title="Resources you own" description="The resources whose controls your team is accountable for, and what is happening on them now." />
      <Card title="Owned resources">
        {owned.length === 0 ? (
          <EmptyState>Your teams own no resources.</EmptyState>
        ) : (
          <Table caption="Owned resources">
            <thead>
              <tr>
                <Th>Resource</Th>
                <Th>Policy</Th>
                <Th>Levels</Th>
                <Th>Max duration</Th>
                <Th className="text-right">Live grants</Th>
                <Th className="text-right">Pending</Th>
                <Th>Connector health</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {owned.map((r) => (
                <tr key={r.id}>
                  <Td>
                    <span className="font-medium text-slate-900">{r.name}</span>
                    <span className="block text-xs text-slate-500">
                      {r.slug} · {r.kind} · {r.connectorKind} · owned by {r.ownerTeam}
                    </span>
                  </Td>
                  <Td>{r.policyVersion ? `v${r.policyVersion}, ${r.approvalRule} approval` : <Badge tone="danger">no policy</Badge>}</Td>
                  <Td>{r.accessLevels.join(", ")}</Td>
                  <Td>{r.maxDurationMinutes ? formatMinutes(r.maxDurationMinutes) : "—"}</Td>
                  <Td className="text-right tabular-nums">{r.liveGrants}</Td>
                  <Td className="text-right tabular-nums">{r.pendingRequests}</Td>
                  <Td>
                    <div className="flex flex-col items-start gap-1">
                      {r.overdueRevocations > 0 && <Badge tone="warning">{r.overdueRevocations} revocation overdue</Badge>}
                      {r.failingIssuances > 0 && <Badge tone="warning">{r.failingIssuances} issuance retrying</Badge>}
                      {r.overdueRevocations + r.failingIssuances === 0 &&
                        (r.liveGrants > 0 ? <Badge tone="success">on schedule</Badge> : <span className="text-slate-400">—</span>)}
                    </div>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
