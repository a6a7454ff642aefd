import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { listUsers } from "@/lib/admin/list-users";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const actor = await requirePageAccess("admin.read");
  const people = await listUsers(actor, await appDeps());
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">Admin</h1>
        <p className="mt-1 text-sm text-slate-500">People, their roles and their teams.</p>
      </div>
      <Card title="Users">
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
                <Td className="font-medium text-slate-900">{person.name}</Td>
                <Td>{person.email}</Td>
                <Td>{person.roles.join(", ") || "—"}</Td>
                <Td>{person.teams.join(", ") || "—"}</Td>
                <Td>{person.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
