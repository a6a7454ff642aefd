import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listControls } from "@/lib/controls/list-controls";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Controls" };

export default async function ControlsPage() {
  const actor = await requirePageAccess("controls.read");
  const controls = await listControls(actor, await appDeps());
  const frameworks = [...new Set(controls.map((c) => c.framework))];
  return (
    <>
      <PageHeader
        title="Evidence by control"
        description={
          <>
            The framework controls just-in-time access answers, what Lapse does for each, and the events that prove it.{" "}
            <Link href="/audit" className="text-indigo-700 underline">Audit log</Link>
          </>
        }
      />
      {frameworks.map((framework) => (
        <Card key={framework} title={framework}>
          <Table caption={`${framework} controls`}>
            <thead>
              <tr>
                <Th>Control</Th>
                <Th>What Lapse does</Th>
                <Th className="text-right">Evidence events</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {controls
                .filter((c) => c.framework === framework)
                .map((c) => (
                  <tr key={c.id}>
                    <Td className="w-72">
                      <Link href={`/audit/controls/${encodeURIComponent(c.identifier)}`} className="font-medium text-indigo-700 underline">
                        {c.identifier}
                      </Link>
                      <span className="block text-xs text-slate-600">{c.title}</span>
                    </Td>
                    <Td>{c.lapseDoes}</Td>
                    <Td className="text-right tabular-nums">{c.evidenceCount}</Td>
                  </tr>
                ))}
            </tbody>
          </Table>
        </Card>
      ))}
    </>
  );
}
