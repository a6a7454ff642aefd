import type { Metadata } from "next";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { listTeams } from "@/lib/admin/list-teams";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { listWorkloads } from "@/lib/workloads/list-workloads";
import { AdminNav } from "../admin-nav";
import { DisableWorkloadButton, EditWorkloadForm, IssueKeyForm, RevokeKeyButton } from "./workload-actions";
import { WorkloadForm } from "./workload-form";

export const metadata: Metadata = { title: "Workload identities · Admin" };

export default async function WorkloadsPage() {
  const actor = await requirePageAccess("workload.manage");
  const deps = await appDeps();
  const [workloads, teams] = await Promise.all([listWorkloads(actor, deps), listTeams(actor, deps)]);
  return (
    <>
      <PageHeader title="Admin" description="Workload identities: the pipelines and services that ask for access through the API, each with an owner team and one way to authenticate." />
      <AdminNav />
      <Card
        title="Workload identities"
        description="CI pipelines and services that ask for access through the API. A policy names the ones who may request; disabling one ends its live grants at once."
      >
        {workloads.length === 0 ? (
          <EmptyState>No workload identities yet.</EmptyState>
        ) : (
          <Table caption="Workload identities">
            <thead>
              <tr>
                <Th>Principal</Th>
                <Th>Owner team</Th>
                <Th>Authenticates with</Th>
                <Th>Conditions</Th>
                <Th>Status</Th>
                <Th>Registered</Th>
                <Th>Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {workloads.map((w) => (
                <tr key={w.id}>
                  <Td className="font-medium text-slate-900">
                    <code className="font-mono text-xs">{w.principal}</code>
                    {w.mayCheckAccess && (
                      <div className="mt-1">
                        <Badge tone="info">may check access</Badge>
                      </div>
                    )}
                  </Td>
                  <Td>{w.ownerTeam}</Td>
                  <Td>
                    {w.authKind === "oidc" ? (
                      <dl className="space-y-0.5 text-xs">
                        <dt className="sr-only">Issuer</dt>
                        <dd>
                          OIDC · <code className="font-mono">{w.issuer}</code>
                        </dd>
                        <dt className="sr-only">Audience</dt>
                        <dd>
                          aud <code className="font-mono">{w.audience}</code>
                        </dd>
                      </dl>
                    ) : (
                      <div className="space-y-2 text-xs">
                        <p>API key</p>
                        <ul className="space-y-1">
                          {w.keys.map((k) => (
                            <li key={k.id} className="flex flex-wrap items-center gap-2">
                              <code className="font-mono">{k.prefix}…</code>
                              {k.revokedAt ? (
                                <Badge tone="neutral">revoked</Badge>
                              ) : (
                                <span>
                                  expires <LocalTime iso={k.expiresAt} />
                                </span>
                              )}
                              {!k.revokedAt && !w.disabled && <RevokeKeyButton tokenId={k.id} prefix={k.prefix} />}
                            </li>
                          ))}
                        </ul>
                      </div>
                    )}
                  </Td>
                  <Td>
                    {w.claimConditions.length ? (
                      <ul className="space-y-0.5 font-mono text-xs">
                        {w.claimConditions.map((c) => (
                          <li key={c}>{c}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-xs text-slate-500">—</span>
                    )}
                  </Td>
                  <Td>{w.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">enabled</Badge>}</Td>
                  <Td>
                    <LocalTime iso={w.createdAt} />
                  </Td>
                  <Td>
                    {!w.disabled && (
                      <div className="space-y-2">
                        <EditWorkloadForm workload={w} />
                        {w.authKind === "api_key" && <IssueKeyForm workloadId={w.id} name={w.name} />}
                        <DisableWorkloadButton workloadId={w.id} name={w.name} />
                      </div>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Card title="Register a workload identity" description="Prefer OIDC: the pipeline proves who it is with a short-lived token from its CI provider, and no secret is stored anywhere.">
        <WorkloadForm teams={teams.map((t) => ({ id: t.id, name: t.name }))} />
      </Card>
    </>
  );
}
