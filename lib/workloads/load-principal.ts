import "server-only";
// The holder of a request or grant, as an actor: a person, or a workload identity through its
// principal row. Used where a decision re-checks that the requester is still eligible.
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users, workloadIdentities } from "@/db/schema";
import type { Actor, WorkloadActor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";

/** The enabled workload acting through principal row `userId`, or null. Claims are not known here. */
export async function loadWorkloadByUserId(db: Executor, userId: string): Promise<WorkloadActor | null> {
  const [row] = await db
    .select({ workload: workloadIdentities, email: users.email })
    .from(workloadIdentities)
    .innerJoin(users, eq(users.id, workloadIdentities.userId))
    .where(and(eq(workloadIdentities.userId, userId), eq(users.disabled, false)));
  return row ? workloadActorOf(row.workload, row.email, {}) : null;
}

export function workloadActorOf(
  workload: typeof workloadIdentities.$inferSelect,
  email: string,
  claims: Record<string, unknown>,
): WorkloadActor {
  return {
    kind: "workload",
    id: workload.userId,
    workloadId: workload.id,
    name: workload.name,
    email,
    roles: [],
    teamIds: [],
    ownerTeamId: workload.ownerTeamId,
    mayCheckAccess: workload.mayCheckAccess,
    claims,
    via: workload.authKind,
  };
}

export async function loadPrincipal(db: Executor, userId: string): Promise<Actor | null> {
  return (await loadUserActor(db, userId)) ?? (await loadWorkloadByUserId(db, userId));
}
