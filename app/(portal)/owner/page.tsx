import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { formatMinutes } from "@/lib/lifecycle/duration";
import { listOwnedResources, WAITING_TOO_LONG_MINUTES } from "@/lib/resources/list-owned-resources";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Resources" };

export default async function OwnerPage() {
  const actor = await requirePageAccess("owner.read");
  const owned = await listOwnedResources(actor, await appDeps());
  const isAdmin = actor.roles.includes("admin");
  const gaps = owned.filter((r) => r.gaps.length).length;
  const waitingChanges = owned.filter((r) => r.pendingPolicy).length;
  return (
    <>
      {/* Grants ending, reviews coming due and requests waiting change by themselves: keep the view current. */}
      <AutoRefresh />
      <PageHeader
        title={isAdmin ? "Resources you govern" : "Resources you own"}
        description={
          isAdmin
            ? "As an admin you may edit every resource's policy and RACI; confirming a loosened policy is for its owner team."
            : "The resources whose controls your team is accountable for, and what is happening on them now."
        }
      />
      {(gaps > 0 || waitingChanges > 0) && (
        <div className="flex flex-wrap gap-2 text-sm">
          {gaps > 0 && <Badge tone="danger">{gaps === 1 ? "1 resource has a governance gap" : `${gaps} resources have governance gaps`}</Badge>}
          {waitingChanges > 0 && <Badge tone="warning">{waitingChanges === 1 ? "1 policy change waits for confirmation" : `${waitingChanges} policy changes wait for confirmation`}</Badge>}
        </div>
      )}
      <Card title="Owned resources">
        {owned.length === 0 ? (
          <EmptyState>Your teams own no resources.</EmptyState>
        ) : (
          <Table caption="Owned resources">
            <thead>
              <tr>
                <Th>Resource</Th>
                <Th>Policy</Th>
                <Th>Governance</Th>
                <Th className="text-right">Live grants</Th>
                <Th className="text-right">Pending requests</Th>
                <Th>Attention</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {owned.map((r) => (
                <tr key={r.id}>
                  <Td>
                    <Link href={`/owner/resources/${r.slug}`} className="font-medium text-indigo-700 underline">
                      {r.name}
                    </Link>
                    {r.frozen && (
                      <span className="ml-2">
                        <Badge tone="danger">frozen</Badge>
                      </span>
                    )}
                    <span className="block text-xs text-slate-500">
                      {r.slug} · {r.kind} · {r.connectorKind} · owned by {r.ownerTeam}
                    </span>
                    <span className="mt-1 flex gap-3 text-xs">
                      <Link href={`/owner/resources/${r.slug}/policy`} className="font-medium text-indigo-700 underline" aria-label={`Policy of ${r.name}`}>
                        Policy
                      </Link>
                      <Link href={`/owner/resources/${r.slug}/raci`} className="font-medium text-indigo-700 underline" aria-label={`RACI of ${r.name}`}>
                        RACI
                      </Link>
                    </span>
                  </Td>
                  <Td>
                    {r.policyVersion ? (
                      <>
                        v{r.policyVersion}, {r.approvalRule} approval
                        <span className="block text-xs text-slate-500">
                          {r.accessLevels.join(", ")} · up to {r.maxDurationMinutes ? formatMinutes(r.maxDurationMinutes) : "—"}
                        </span>
                      </>
                    ) : (
                      <Badge tone="danger">no policy</Badge>
                    )}
                    {r.pendingPolicy && (
                      <span className="mt-1 block">
                        <Badge tone="warning">
                          v{r.pendingPolicy.version} waits for confirmation ({r.pendingPolicy.proposedBy})
                        </Badge>
                      </span>
                    )}
                  </Td>
                  <Td>
                    {r.gaps.length ? (
                      <span title={r.gaps.join("\n")}>
                        <Badge tone="danger">{r.gaps.length === 1 ? "1 gap: requests blocked" : `${r.gaps.length} gaps: requests blocked`}</Badge>
                        <span className="mt-1 block max-w-xs text-xs text-red-800">{r.gaps[0]}</span>
                      </span>
                    ) : (
                      <Badge tone="success">no gaps</Badge>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{r.liveGrants}</Td>
                  <Td className="text-right tabular-nums">
                    {r.pendingRequests}
                    {r.waitingTooLong > 0 && (
                      <span className="mt-1 block">
                        <Badge tone="warning">{r.waitingTooLong} waiting over {formatMinutes(WAITING_TOO_LONG_MINUTES)}</Badge>
                      </span>
                    )}
                  </Td>
                  <Td>
                    <div className="flex flex-col items-start gap-1">
                      {r.exceptionsToReview > 0 && (
                        <Badge tone={r.exceptionsOverdue > 0 ? "danger" : "warning"}>
                          {r.exceptionsToReview} break-glass to review{r.exceptionsOverdue > 0 ? ` (${r.exceptionsOverdue} overdue)` : ""}
                        </Badge>
                      )}
                      {r.overdueRevocations > 0 && <Badge tone="warning">{r.overdueRevocations} revocation overdue</Badge>}
                      {r.failingIssuances > 0 && <Badge tone="warning">{r.failingIssuances} issuance retrying</Badge>}
                      {r.overdueRevocations + r.failingIssuances + r.exceptionsToReview === 0 &&
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
