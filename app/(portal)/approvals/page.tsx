import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { requirePageAccess } from "@/lib/auth/require-page";
import { listApprovalQueue } from "@/lib/requests/list-approval-queue";
import { appDeps } from "@/lib/runtime/app-deps";
import { ApprovalQueue } from "./approval-queue";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const actor = await requirePageAccess("approval.read-queue");
  const queue = await listApprovalQueue(actor, await appDeps());
  return (
    <>
      <PageHeader title="Approvals" description="Requests you may decide. Your own requests never appear here; this list refreshes by itself." />
      <ApprovalQueue initial={queue} />
    </>
  );
}
