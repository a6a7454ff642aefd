import "server-only";
// An admin registers a workload identity. It gets a principal row in users (kind "workload")
// that holds its requests and grants; an API-key workload also gets its first key, shown once.
import { eq } from "drizzle-orm";
import { apiTokens, teams, users, workloadIdentities, type WorkloadIdentity } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { invalid } from "@/lib/errors";
import { addMinutes } from "@/lib/lifecycle/duration";
import { lockActingAdmin } from "@/lib/admin/lock-acting-admin";
import { newTokenSecret } from "@/lib/api-tokens/token-secret";
import { parseInput } from "@/lib/validation";
import { normaliseClaimConditions } from "./claim-conditions";
import { issuerUrlProblem } from "./issuer-url";
import { createWorkloadInput, type CreateWorkloadInput } from "./schemas";

export interface CreatedWorkload {
  workload: WorkloadIdentity;
  /** The first API key of an API-key workload, shown once. */
  key: { secret: string; prefix: string; expiresAt: string } | null;
}

export const workloadEmail = (name: string) => `${name}@workloads.lapse.invalid`;

export async function createWorkload(actor: UserActor, input: CreateWorkloadInput, deps: Deps): Promise<CreatedWorkload> {
  authorize(actor, "workload.manage");
  const terms = parseInput(createWorkloadInput, input);
  if (terms.authKind === "oidc") {
    const problem = issuerUrlProblem(terms.issuer!);
    if (problem) throw invalid("Some fields need attention.", { issuer: [problem] });
  }
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await lockActingAdmin(tx, actor);
    const [team] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, terms.ownerTeamId));
    if (!team) throw invalid("Some fields need attention.", { ownerTeamId: ["This team does not exist any more."] });
    const [principal] = await tx
      .insert(users)
      .values({ email: workloadEmail(terms.name), name: `workload:${terms.name}`, kind: "workload", createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!principal) throw invalid("Some fields need attention.", { name: ["A workload identity with this name already exists."] });
    const oidc = terms.authKind === "oidc";
    const [workload] = await tx
      .insert(workloadIdentities)
      .values({
        name: terms.name,
        ownerTeamId: terms.ownerTeamId,
        userId: principal.id,
        authKind: terms.authKind,
        issuer: oidc ? terms.issuer : null,
        audience: oidc ? terms.audience : null,
        claimConditions: oidc ? normaliseClaimConditions(terms.claimConditions) : [],
        mayCheckAccess: terms.mayCheckAccess,
        createdAt: now,
        createdBy: actor.email,
      })
      .onConflictDoNothing()
      .returning();
    if (!workload) throw invalid("Some fields need attention.", { name: ["A workload identity with this name already exists."] });

    let key: CreatedWorkload["key"] = null;
    if (!oidc) {
      const { secret, prefix, hash } = newTokenSecret("workload");
      const expiresAt = addMinutes(now, terms.keyExpiresInDays * 24 * 60);
      await tx.insert(apiTokens).values({ kind: "workload", userId: principal.id, workloadId: workload.id, name: "initial key", prefix, secretHash: hash, createdAt: now, expiresAt });
      key = { secret, prefix, expiresAt: expiresAt.toISOString() };
    }
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "workload.created",
      occurredAt: now,
      details: {
        workloadId: workload.id,
        principal: `workload:${workload.name}`,
        ownerTeamId: workload.ownerTeamId,
        authKind: workload.authKind,
        issuer: workload.issuer,
        audience: workload.audience,
        claimConditions: workload.claimConditions,
        mayCheckAccess: workload.mayCheckAccess,
        ...(key ? { keyPrefix: key.prefix, keyExpiresAt: key.expiresAt } : {}),
      },
    });
    return { workload, key };
  });
}
