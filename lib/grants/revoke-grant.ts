import "server-only";
// Ending one grant early: the holder gives it back (relinquish), or a control owner of its
// resource or an admin revokes it with a reason. Either way access ends at once and the
// revocation is recorded with who and why; the connector's revoke follows right after.
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { z } from "zod";
import { grants, resources } from "@/db/schema";
import { auditActor, type Actor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { workloadEvidence } from "@/lib/auth/workload-evidence";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { RELINQUISHED_REASON } from "@/lib/lifecycle/grant-rules";
import { governedResourcesCondition } from "@/lib/resources/governed-resources";
import { parseInput } from "@/lib/validation";
import { endGrantsNow } from "./expire-due-grants";
import { requestRevocation } from "./request-revocation";

const relinquishInput = z.object({ grantId: z.uuid({ error: "Unknown grant." }) });
const revokeInput = z.object({
  grantId: z.uuid({ error: "Unknown grant." }),
  reason: z.string().trim().min(3, "Say why you are revoking this access.").max(500, "Keep the reason under 500 characters."),
});

export interface EndedGrant {
  grantId: string;
  /** True once the connector confirmed; false when the sweep will retry. */
  confirmed: boolean;
}

async function finish(grantId: string, deps: Deps): Promise<EndedGrant> {
  const outcome = await endGrantsNow([grantId], deps);
  return { grantId, confirmed: outcome.revoked + outcome.expired === 1 };
}

export async function relinquishGrant(actor: Actor, input: { grantId: string }, deps: Deps): Promise<EndedGrant> {
  authorize(actor, "grant.relinquish");
  const { grantId } = parseInput(relinquishInput, input);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const [ended] = await requestRevocation(tx, and(eq(grants.id, grantId), eq(grants.principalUserId, actor.id))!, {
      actor: auditActor(actor),
      reason: RELINQUISHED_REASON,
      now,
      details: workloadEvidence(actor),
    });
    if (!ended) throw await explain(tx, grantId, eq(grants.principalUserId, actor.id));
  });
  return finish(grantId, deps);
}

export async function revokeGrant(actor: UserActor, input: { grantId: string; reason: string }, deps: Deps): Promise<EndedGrant> {
  authorize(actor, "grant.revoke");
  const { grantId, reason } = parseInput(revokeInput, input);
  const now = deps.clock();
  // The grant must be on a resource the actor governs: its owner team, or any for an admin.
  const governed = inArray(grants.resourceId, deps.db.select({ id: resources.id }).from(resources).where(governedResourcesCondition(actor)));
  await deps.db.transaction(async (tx) => {
    const [ended] = await requestRevocation(tx, and(eq(grants.id, grantId), governed)!, { actor: auditActor(actor), reason, now });
    if (!ended) throw await explain(tx, grantId, governed);
  });
  return finish(grantId, deps);
}

/** Why nothing was ended: a grant the actor may not touch is simply not found. */
async function explain(tx: Tx, grantId: string, visible: SQL) {
  const [grant] = await tx.select({ status: grants.status, revokeRequestedAt: grants.revokeRequestedAt }).from(grants).where(and(eq(grants.id, grantId), visible));
  if (!grant) return notFound("No such grant.");
  if (grant.revokeRequestedAt) return conflict("This access has already been ended.");
  return conflict(grant.status === "active" || grant.status === "issuing" ? "This access has already run out; it is being revoked on schedule." : `This access has already ${grant.status}.`);
}
