import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { listTeams } from "@/lib/admin/list-teams";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "../admin-nav";
import { TEAM_FUNCTION_LABELS } from "../labels";
import { TeamForm } from "../team-form";

export const metadata: Metadata = { title: "Teams · Admin" };

export default async function TeamsPage() {
  const actor = await requirePageAccess("admin.read");
  const teams = await listTeams(actor, await appDeps());
  return (
    <>
      <PageHeader title="Admin" description="Teams and their function (DevOps, IAM, PAM): what the RACI matrix and the governance rules count." />
      <AdminNav />
      <Card title="Teams" description="Teams say where people work: which resources they may request, approve and own.">
        {teams.length === 0 ? (
          <EmptyState>No teams yet.</EmptyState>
        ) : (
          <Table caption="Teams">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Slug</Th>
                <Th>Function</Th>
                <Th className="text-right">Members</Th>
                <Th className="text-right">Owns resources</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {teams.map((team) => (
                <tr key={team.id}>
                  <Td className="font-medium text-slate-900">
                    <Link href={`/admin/teams/${team.id}`} className="text-indigo-700 underline decoration-indigo-200 underline-offset-2 hover:decoration-indigo-700">
                      {team.name}
                    </Link>
                  </Td>
                  <Td>
                    <code className="font-mono text-xs">{team.slug}</code>
                  </Td>
                  <Td>{TEAM_FUNCTION_LABELS[team.function]}</Td>
                  <Td className="text-right tabular-nums">{team.memberCount}</Td>
                  <Td className="text-right tabular-nums">{team.ownedResourceCount}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {can(actor, "admin.manage") && (
        <Card title="New team">
          <TeamForm />
        </Card>
      )}
    </>
  );
}
