import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { listTeams } from "@/lib/admin/list-teams";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "../../admin-nav";
import { NewUserForm } from "../../new-user-form";

export const metadata: Metadata = { title: "New user · Admin" };

export default async function NewUserPage() {
  const actor = await requirePageAccess("admin.manage");
  const teams = await listTeams(actor, await appDeps());
  return (
    <>
      <div>
        <Link href="/admin" className="text-sm text-indigo-700 underline">
          ← Users
        </Link>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">New user</h1>
        <p className="mt-1 text-sm text-slate-500">Roles and teams apply as soon as the person signs in; you can change them later.</p>
      </div>
      <AdminNav />
      <Card title="Account">
        <NewUserForm teams={teams} />
      </Card>
    </>
  );
}
