import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditDetails } from "@/components/audit-details";
import { LocalTime } from "@/components/local-time";
import { GrantStatusBadge } from "@/components/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState, Table, Td, Th } from "@/components/ui/table";
import { getUserDetail } from "@/lib/admin/get-user-detail";
import { listTeams } from "@/lib/admin/list-teams";
import { describeAction } from "@/lib/audit/actions";
import { can } from "@/lib/auth/permissions";
import { requirePageAccess } from "@/lib/auth/require-page";
import { appDeps } from "@/lib/runtime/app-deps";
import { AccountControls } from "../../account-controls";
import { AdminNav } from "../../admin-nav";
import { UserRolesForm, UserTeamsForm } from "../../user-access-forms";

export const metadata: Metadata = { title: "User · Admin" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("admin.read");
  const { id } = await params;
  const deps = await appDeps();
  const [user, teams] = await Promise.all([getUserDetail(actor, id, deps), listTeams(actor, deps)]);
  if (!user) notFound();
  const isSelf = user.id === actor.id;
  const manage = can(actor, "admin.manage");
  const teamNames = teams.filter((t) => user.teamIds.includes(t.id)).map((t) => t.name);

  return (
    <>
      <div>
        <Link href="/admin" className="text-sm text-indigo-700 underline">
          ← Users
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold text-slate-900">{user.name}</h1>
          {user.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">active</Badge>}
          {isSelf && <Badge>you</Badge>}
        </div>
        <p className="mt-1 text-sm text-slate-500">
          {user.email} · signs in {user.signsInWithPassword ? "with a password" : "through the identity provider"} · added{" "}
          <LocalTime iso={user.createdAt} />
        </p>
      </div>
      <AdminNav />
      <Card title="Roles and teams" description="Roles say what kind of work someone does; teams say where. Both apply at once.">
        {manage ? (
          <div className="grid gap-8 lg:grid-cols-2 lg:gap-x-12">
            <UserRolesForm userId={user.id} roles={user.roles} isSelf={isSelf} />
            <UserTeamsForm userId={user.id} teamIds={user.teamIds} teams={teams} />
          </div>
        ) : (
          <p className="text-sm text-slate-700">
            Roles: {user.roles.join(", ") || "none"}. Teams: {teamNames.join(", ") || "none"}.
          </p>
        )}
      </Card>

      <Card title="Access held now" description="What disabling this account ends: live grants are revoked, pending requests are cancelled.">
        {user.grants.length === 0 && user.pendingRequests.length === 0 ? (
          <EmptyState>No live grants and no pending requests.</EmptyState>
        ) : (
          <div className="space-y-6">
            {user.grants.length === 0 ? (
              <p className="text-sm text-slate-500">No live grants.</p>
            ) : (
              <Table caption="Grants held">
                <thead>
                  <tr>
                    <Th>Resource</Th>
                    <Th>Access level</Th>
                    <Th>Status</Th>
                    <Th>Expires</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {user.grants.map((grant) => (
                    <tr key={grant.id}>
                      <Td className="font-medium text-slate-900">{grant.resourceName}</Td>
                      <Td>{grant.accessLevel}</Td>
                      <Td>
                        <span className="flex flex-wrap gap-1">
                          <GrantStatusBadge status={grant.status} />
                          {grant.revocationPending && <Badge tone="warning">ended, revocation pending</Badge>}
                        </span>
                      </Td>
                      <Td>{grant.expiresAt ? <LocalTime iso={grant.expiresAt} /> : "not issued yet"}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
            {user.pendingRequests.length === 0 ? (
              <p className="text-sm text-slate-500">No pending requests.</p>
            ) : (
              <Table caption="Pending requests">
                <thead>
                  <tr>
                    <Th>Resource</Th>
                    <Th>Access level</Th>
                    <Th>Requested</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {user.pendingRequests.map((request) => (
                    <tr key={request.id}>
                      <Td className="font-medium text-slate-900">{request.resourceName}</Td>
                      <Td>{request.accessLevel}</Td>
                      <Td>
                        <LocalTime iso={request.createdAt} />
                      </Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </div>
        )}
      </Card>

      {manage && (
        <Card title="Account">
          <AccountControls
            userId={user.id}
            email={user.email}
            disabled={user.disabled}
            isSelf={isSelf}
            liveGrantCount={user.liveGrantCount}
            pendingRequestCount={user.pendingRequests.length}
          />
        </Card>
      )}

      <Card title="History" description="Changes to this account, newest first. The full evidence is on the audit pages.">
        {user.history.length === 0 ? (
          <EmptyState>No changes recorded yet.</EmptyState>
        ) : (
          <Table caption="Account history">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>What</Th>
                <Th>By</Th>
                <Th>Details</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {user.history.map((event) => (
                <tr key={event.seq}>
                  <Td>
                    <LocalTime iso={event.occurredAt} seconds />
                  </Td>
                  <Td className="font-medium text-slate-900">{describeAction(event.action)}</Td>
                  <Td>{event.actorLabel}</Td>
                  <Td>
                    <AuditDetails details={withoutIds(event.details)} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}

// The page is about this user already; their id and email in every row are noise.
function withoutIds(details: Record<string, unknown>) {
  const { userId: _userId, email: _email, teamIds: _teamIds, ...rest } = details;
  return rest;
}
