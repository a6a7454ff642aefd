import "server-only";
// The admin's list of workload identities with their keys (prefixes only, never secrets).
import { asc, eq, inArray } from "drizzle-orm";
import { apiTokens, teams, users, workloadIdentities } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";

export interface WorkloadKeyView {
  id: string;
  prefix: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface WorkloadView {
  id: string;
  name: string;
  principal: string;
  userId: string;
  ownerTeam: string;
  authKind: "oidc" | "api_key";
  issuer: string | null;
  audience: string | null;
  claimConditions: string[];
  mayCheckAccess: boolean;
  disabled: boolean;
  createdAt: string;
  keys: WorkloadKeyView[];
}

export async function listWorkloads(actor: UserActor, deps: Pick<Deps, "db">): Promise<WorkloadView[]> {
  authorize(actor, "workload.manage");
  const rows = await deps.db
    .select({ w: workloadIdentities, team: teams.name, disabled: users.disabled })
    .from(workloadIdentities)
    .innerJoin(teams, eq(teams.id, workloadIdentities.ownerTeamId))
    .innerJoin(users, eq(users.id, workloadIdentities.userId))
    .orderBy(asc(workloadIdentities.name));
  const ids = rows.map((r) => r.w.id);
  const keys = ids.length ? await deps.db.select().from(apiTokens).where(inArray(apiTokens.workloadId, ids)).orderBy(asc(apiTokens.createdAt)) : [];
  return rows.map(({ w, team, disabled }) => ({
    id: w.id,
    name: w.name,
    principal: `workload:${w.name}`,
    userId: w.userId,
    ownerTeam: team,
    authKind: w.authKind,
    issuer: w.issuer,
    audience: w.audience,
    claimConditions: w.claimConditions,
    mayCheckAccess: w.mayCheckAccess,
    disabled,
    createdAt: w.createdAt.toISOString(),
    keys: keys
      .filter((k) => k.workloadId === w.id)
      .map((k) => ({
        id: k.id,
        prefix: k.prefix,
        createdAt: k.createdAt.toISOString(),
        expiresAt: k.expiresAt.toISOString(),
        revokedAt: k.revokedAt?.toISOString() ?? null,
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      })),
  }));
}
