import type { Metadata } from "next";
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
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Approvals</h1>
        <p className="mt-1 text-sm text-slate-500">
          Requests you may decide. Your own requests never appear here; this list refreshes by itself.
        </p>
      </div>
      <ApprovalQueue initial={queue} />
    </>
  );
}
