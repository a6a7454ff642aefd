import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listControlsForEdit } from "@/lib/controls/list-controls";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Controls" };

// The control catalogue as its keepers see it: control owners and admins decide what Lapse
// does for each framework control and which events prove it; auditors read it under Audit.
export default async function ControlsPage() {
  const actor = await requirePageAccess("controls.edit");
  const controls = await listControlsForEdit(actor, await appDeps());
  return (
    <>
      <PageHeader title="Controls" description="The framework controls auditors read evidence by: what Lapse does for each, and which audit events prove it." />
      <Card title="Framework controls" description="Open a control to change its description or the event types mapped to it. Every change is an audit event with before and after.">
        <Table caption="Framework controls">
          <thead>
            <tr>
              <Th>Control</Th>
              <Th>Framework</Th>
              <Th className="text-right">Event types</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {controls.map((c) => (
              <tr key={c.id}>
                <Td>
                  <Link href={`/controls/${encodeURIComponent(c.identifier)}`} className="font-medium text-indigo-700 underline">
                    {c.identifier}
                  </Link>
                  <span className="block text-xs text-slate-600">{c.title}</span>
                </Td>
                <Td>{c.framework}</Td>
                <Td className="text-right tabular-nums">{c.actions.length}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
