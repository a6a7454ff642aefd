import "server-only";
// Disabling a workload identity is offboarding (OWASP NHI1): the same step as for a person,
// on its principal row — live grants end at once, pending requests are cancelled, and its
// tokens and keys stop authenticating (the principal is disabled).
import { eq } from "drizzle-orm";
import { workloadIdentities } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { disableUser, type DisableUserResult } from "@/lib/admin/disable-user";
import { parseInput } from "@/lib/validation";
import { workloadIdInput } from "./schemas";

export async function disableWorkload(actor: UserActor, input: { workloadId: string }, deps: Deps): Promise<DisableUserResult> {
  authorize(actor, "workload.manage");
  const { workloadId } = parseInput(workloadIdInput, input);
  const [workload] = await deps.db.select({ userId: workloadIdentities.userId }).from(workloadIdentities).where(eq(workloadIdentities.id, workloadId));
  if (!workload) throw notFound("No such workload identity.");
  return disableUser(actor, { userId: workload.userId }, deps);
}
