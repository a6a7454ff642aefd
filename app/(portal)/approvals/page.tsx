import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listExtensionQueue } from "@/lib/extensions/list-extension-queue";
import { listApprovalQueue } from "@/lib/requests/list-approval-queue";
import { appDeps } from "@/lib/runtime/app-deps";
import { ApprovalQueue } from "./approval-queue";
import { ExtensionQueue } from "./extension-queue";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await requirePageAccess("approval.read-queue");
  const deps = await appDeps();
  const [queue, extensions] = await Promise.all([listApprovalQueue(actor, deps), listExtensionQueue(actor, deps)]);
  return (
    <>
      <PageHeader title="Approvals" description="Requests and extensions you may decide. Your own never appear here; these lists refresh by themselves." />
      <ApprovalQueue initial={queue} />
      <ExtensionQueue initial={extensions} />
    </>
  );
}
