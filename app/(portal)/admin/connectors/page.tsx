import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listConnectorConfigs } from "@/lib/connectors/get-connector-config";
import { CONNECTOR_KIND_LABELS, type ConnectorKind } from "@/lib/connectors/kinds";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "../admin-nav";

export const metadata: Metadata = { title: "Connectors · Admin" };

export default async function ConnectorsPage() {
  const actor = await requirePageAccess("admin.read");
  const rows = await listConnectorConfigs(actor, await appDeps());
  return (
    <>
      <PageHeader title="Admin" description="How Lapse issues and revokes the real access behind each resource's grants." />
      <AdminNav />
      <Card title="Connectors" description="One connector per resource. Secrets are stored encrypted and never shown back.">
        {rows.length === 0 ? (
          <EmptyState>No resources yet.</EmptyState>
        ) : (
          <Table caption="Connectors per resource">
            <thead>
              <tr>
                <Th>Resource</Th>
                <Th>Connector</Th>
                <Th>Last change</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.id}>
                  <Td className="font-medium text-slate-900">
                    <Link href={`/admin/connectors/${row.slug}`} className="text-indigo-700 underline decoration-indigo-200 underline-offset-2 hover:decoration-indigo-700">
                      {row.name}
                    </Link>
                  </Td>
                  <Td>{CONNECTOR_KIND_LABELS[row.kind as ConnectorKind] ?? row.kind}</Td>
                  <Td>{row.updatedAt ? row.updatedAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—"}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
