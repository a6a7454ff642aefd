import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { getPolicyPage } from "@/lib/policy/get-policy-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { PendingChangeActions } from "./pending-change";
import { PolicyChanges } from "./policy-changes";
import { PolicyForm } from "./policy-form";

export const metadata: Metadata = { title: "Policy" };

const STATUS_TONE = { active: "success", pending: "warning", rejected: "neutral", superseded: "neutral" } as const;

export default async function PolicyPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePageAccess("owner.read");
  const { slug } = await params;
  const page = await getPolicyPage(actor, slug, await appDeps());
  if (!page) notFound();
  const names = new Map([...page.teams.map((t) => [t.id, t.name] as const), ...page.people.map((p) => [p.id, p.name] as const), ...page.workloads.map((w) => [w.id, `workload:${w.name}`] as const)]);
  const inForce = page.history.find((v) => v.id === page.current.id)!;

  return (
    <>
      <PageHeader
        title={`Policy: ${page.resource.name}`}
        description={
          <>
            Version {page.current.version} is in force. <Link href="/owner" className="text-indigo-700 underline">All resources</Link> ·{" "}
            <Link href={`/owner/resources/${page.resource.slug}/raci`} className="text-indigo-700 underline">RACI matrix</Link>
          </>
        }
      />
      {page.pending && (
        <Card title={`Change waiting for confirmation: version ${page.pending.version}`} description={<>Proposed by {page.pending.createdBy ?? "unknown"} on <LocalTime iso={page.pending.createdAt} />. It loosens control, so version {page.current.version} applies until a second owner confirms it.</>}>
          <div className="space-y-4 text-sm">
            <PolicyChanges changes={page.pending.changes} names={names} />
            <PendingChangeActions slug={page.resource.slug} policyId={page.pending.id} mayConfirm={page.pending.viewerMayConfirm} authoredByViewer={page.pending.authoredByViewer} />
          </div>
        </Card>
      )}
      <Card title="Edit policy" description={`Editing version ${page.current.version}, saved by ${inForce.createdBy ?? "the demo seed"}.`}>
        {page.pending && (
          <div className="mb-4">
            <Notice tone="info" label="Waiting change">
              Saving again replaces the change waiting for confirmation.
            </Notice>
          </div>
        )}
        <PolicyForm page={page} />
      </Card>
      <Card title="History" description="Every version, newest first, with what it changed from the version it was edited from.">
        <Table caption="Policy history">
          <thead>
            <tr>
              <Th>Version</Th>
              <Th>Status</Th>
              <Th>Saved</Th>
              <Th>Confirmed or rejected</Th>
              <Th>Changes</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.history.map((v) => (
              <tr key={v.id}>
                <Td className="font-medium text-slate-900">v{v.version}</Td>
                <Td>
                  <Badge tone={STATUS_TONE[v.status]}>{v.id === page.current.id ? "in force" : v.status === "active" ? "replaced" : v.status}</Badge>
                </Td>
                <Td>
                  {v.createdBy ?? "demo seed"}
                  <span className="block text-xs text-slate-500">
                    <LocalTime iso={v.createdAt} />
                  </span>
                </Td>
                <Td>
                  {v.reviewedBy ? (
                    <>
                      {v.reviewedBy}
                      <span className="block text-xs text-slate-500">{v.reviewedAt && <LocalTime iso={v.reviewedAt} />}</span>
                    </>
                  ) : v.changeKind === "tighten" ? (
                    <span className="text-slate-500">not needed (tightens)</span>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </Td>
                <Td className="text-xs">
                  <PolicyChanges changes={v.changes} names={names} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
