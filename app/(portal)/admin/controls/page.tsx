import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listControls } from "@/lib/controls/list-controls";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "../admin-nav";

export const metadata: Metadata = { title: "Controls · Admin" };

export default async function AdminControlsPage() {
  const actor = await requirePageAccess("controls.edit");
  const controls = await listControls(actor, await appDeps());
  return (
    <>
      <PageHeader title="Admin" description="The control catalogue: each framework control, what Lapse does for it, and which audit events are its evidence." />
      <AdminNav />
      <Card title="Framework controls" description="The catalogue auditors read evidence by. Edit what Lapse does for a control and which events prove it.">
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
                  <Link href={`/admin/controls/${encodeURIComponent(c.identifier)}`} className="font-medium text-indigo-700 underline">
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
