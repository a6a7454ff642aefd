import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { listUsers } from "@/lib/admin/list-users";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "./admin-nav";
import { linkButtonClass } from "./link-button";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requirePageAccess("admin.read");
  const people = await listUsers(actor, await appDeps());
  return (
    <>
      <PageHeader title="Admin" description="People, their roles and their teams. Disabling someone ends their access at once." />
      <AdminNav />
      <Card
        title="Users"
        description={`${people.length} accounts. Roles say what kind of work someone does; teams say where.`}
        actions={
          can(actor, "admin.manage") && (
            <Link href="/admin/users/new" className={linkButtonClass}>
              New user
            </Link>
          )
        }
      >
        {people.length === 0 ? (
          <EmptyState>No users yet.</EmptyState>
        ) : (
          <Table caption="Users">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Roles</Th>
                <Th>Teams</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {people.map((person) => (
                <tr key={person.id}>
                  <Td className="font-medium text-slate-900">
                    <Link href={`/admin/users/${person.id}`} className="text-indigo-700 underline decoration-indigo-200 underline-offset-2 hover:decoration-indigo-700">
                      {person.name}
                    </Link>
                    {person.id === actor.id && <span className="ml-1 text-xs font-normal text-slate-500">(you)</span>}
                  </Td>
                  <Td>{person.email}</Td>
                  <Td>{person.roles.join(", ") || "—"}</Td>
                  <Td>{person.teams.join(", ") || "—"}</Td>
                  <Td>{person.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
