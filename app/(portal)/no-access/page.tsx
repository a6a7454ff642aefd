import { requireActor } from "@/lib/auth/require-actor";

export const metadata = { title: "No access" };

export default async function NoAccessPage() {
  await requireActor();
  return (
    <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h1 className="text-xl font-semibold">Your account has no roles yet</h1>
      <p className="mt-2 text-slate-600">Ask an administrator to give you a role (requester, approver, owner, auditor or admin).</p>
    </div>
  );
}
