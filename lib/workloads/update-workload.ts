import "server-only";
// An admin changes a workload identity: its OIDC audience and claim conditions, and whether it
// may call the access check. The row is updated only if it is what the admin saw (no lost
// update), and the change is audited with before and after.
import { eq } from "drizzle-orm";
import { workloadIdentities, type WorkloadIdentity } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { invalid, notFound } from "@/lib/errors";
import { lockActingAdmin } from "@/lib/admin/lock-acting-admin";
import { parseInput } from "@/lib/validation";
import { normaliseClaimConditions } from "./claim-conditions";
import { updateWorkloadInput, type UpdateWorkloadInput } from "./schemas";

export async function updateWorkload(actor: UserActor, input: UpdateWorkloadInput, deps: Deps): Promise<WorkloadIdentity> {
  authorize(actor, "workload.manage");
  const terms = parseInput(updateWorkloadInput, input);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await lockActingAdmin(tx, actor);
    const [before] = await tx.select().from(workloadIdentities).where(eq(workloadIdentities.id, terms.workloadId)).for("update");
    if (!before) throw notFound("No such workload identity.");
    const oidc = before.authKind === "oidc";
    const conditions = oidc ? normaliseClaimConditions(terms.claimConditions) : [];
    if (oidc && !terms.audience) throw invalid("Some fields need attention.", { audience: ["Give the audience the tokens must be minted for."] });
    if (oidc && conditions.length === 0) throw invalid("Some fields need attention.", { claimConditions: ["Name at least one claim condition: the issuer alone trusts every pipeline it serves."] });
    const [after] = await tx
      .update(workloadIdentities)
      .set({ audience: oidc ? terms.audience : null, claimConditions: conditions, mayCheckAccess: terms.mayCheckAccess })
      .where(eq(workloadIdentities.id, before.id))
      .returning();
    const pick = (w: WorkloadIdentity) => ({ audience: w.audience, claimConditions: w.claimConditions, mayCheckAccess: w.mayCheckAccess });
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "workload.updated",
      occurredAt: now,
      details: { workloadId: before.id, principal: `workload:${before.name}`, before: pick(before), after: pick(after) },
    });
    return after;
  });
}
