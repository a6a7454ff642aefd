import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { getControlForEdit } from "@/lib/controls/get-control-for-edit";
import { appDeps } from "@/lib/runtime/app-deps";
import { ControlForm } from "../control-form";

export const metadata: Metadata = { title: "Control" };

export default async function ControlEditPage({ params }: { params: Promise<{ identifier: string }> }) {
  const actor = await requirePageAccess("controls.edit");
  const { identifier } = await params;
  const found = await getControlForEdit(actor, decodeURIComponent(identifier), await appDeps());
  if (!found) notFound();
  const { control, updatedAt } = found;
  return (
    <>
      <PageHeader
        title={`${control.identifier}: ${control.title}`}
        description={
          <>
            {control.framework}. <Link href="/controls" className="text-indigo-700 underline">All controls</Link>
          </>
        }
      />
      <Card title="Mapping">
        <ControlForm control={control} updatedAt={updatedAt} actions={Object.entries(AUDIT_ACTIONS).map(([value, label]) => ({ value, label }))} />
      </Card>
    </>
  );
}
