import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { getTeam } from "@/lib/admin/list-teams";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { AdminNav } from "../../admin-nav";
import { plural, TEAM_FUNCTION_LABELS } from "../../labels";
import { TeamForm } from "../../team-form";

export const metadata: Metadata = { title: "Team · Admin" };

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("admin.read");
  const { id } = await params;
  const team = await getTeam(actor, id, await appDeps());
  if (!team) notFound();
  return (
    <>
      <div>
        <Link href="/admin/teams" className="text-sm text-indigo-700 underline">
          ← Teams
        </Link>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">{team.name}</h1>
        <p className="mt-1 text-sm text-slate-500">
          {TEAM_FUNCTION_LABELS[team.function]} · {plural(team.memberCount, "member", "members")} · owns{" "}
          {plural(team.ownedResourceCount, "resource", "resources")}
        </p>
      </div>
      <AdminNav />
      {can(actor, "admin.manage") && (
        <Card title="Edit team">
          <TeamForm team={team} />
        </Card>
      )}
      {can(actor, "team.notifications.manage") && (
        <p className="text-sm">
          <Link href={`/settings/teams/${team.id}`} className="text-indigo-700 underline">
            Notification channels of {team.name}
          </Link>{" "}
          <span className="text-slate-500">(chat and signed webhooks for this team&apos;s messages)</span>
        </p>
      )}
      <Card title="Members" description="Change someone's teams on their user page.">
        {team.members.length === 0 ? (
          <EmptyState>Nobody is in this team yet.</EmptyState>
        ) : (
          <Table caption="Members">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {team.members.map((member) => (
                <tr key={member.id}>
                  <Td className="font-medium text-slate-900">
                    <Link href={`/admin/users/${member.id}`} className="text-indigo-700 underline decoration-indigo-200 underline-offset-2 hover:decoration-indigo-700">
                      {member.name}
                    </Link>
                  </Td>
                  <Td>{member.email}</Td>
                  <Td>{member.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
