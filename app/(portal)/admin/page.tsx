import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
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
      <PageHeader title="Admin" description="People, their roles and their teams." />
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
