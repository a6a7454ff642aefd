import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { getConnectorConfig } from "@/lib/connectors/get-connector-config";
import { ServiceError } from "@/lib/errors";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "../../admin-nav";
import { ConnectorForm } from "../connector-form";
import { ResourceForm } from "../resource-form";

export const metadata: Metadata = { title: "Connector · Admin" };

export default async function ConnectorPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePageAccess("admin.read");
  const { slug } = await params;
  const config = await getConnectorConfig(actor, slug, await appDeps()).catch((error) => {
    if (error instanceof ServiceError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <>
      <div>
        <Link href="/admin/connectors" className="text-sm text-indigo-700 underline">
          ← Connectors
        </Link>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">{config.resource.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {config.updatedAt ? `Revision ${config.revision}, changed by ${config.updatedBy}` : "Not configured yet: grants are recorded only."}
        </p>
      </div>
      <AdminNav />
      {can(actor, "admin.manage") && (
        <Card title="Resource" description="Rename it, or delete one that was never used.">
          <ResourceForm resource={config.resource} />
        </Card>
      )}
      <Card title="Connector" description="The kind cannot change while grants on this resource are live or being revoked.">
        <ConnectorForm
          resourceId={config.resource.id}
          kind={config.kind}
          settings={config.settings}
          secretsSet={config.secretsSet}
          revision={config.revision}
          canManage={can(actor, "admin.manage")}
        />
      </Card>
    </>
  );
}
