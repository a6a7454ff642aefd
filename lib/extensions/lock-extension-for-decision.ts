import "server-only";
// The gate every decision on an extension passes, like lib/requests/lock-for-decision.ts:
// one conditional UPDATE that succeeds only while the extension is pending, was not asked
// for by the actor, the actor may approve its resource under the current policy, and the
// grant is still live. Before it, the grant's row is locked: every path that touches a grant
// and its extensions (revoke, the expiry sweep, asking, deciding and cancelling an extension)
// takes the grant first, so revoke racing extend queues up instead of deadlocking, and each
// side sees the other's outcome.
import { and, eq, exists, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { extensionRequests, grants, type ExtensionRequest, type Grant } from "@/db/schema";
import { liveGrantCondition } from "@/lib/access/check-access";
import type { UserActor } from "@/lib/auth/actor";
import { loadUserActor } from "@/lib/auth/load-actor";
import { conflict, forbidden, notFound, ServiceError } from "@/lib/errors";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { isApproverFor } from "@/lib/lifecycle/policy-rules";
import { EXTENSION_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { mayApproveResourceSql } from "@/lib/requests/lock-for-decision";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { EXTENSION_STATUS_LABELS } from "./extension-rules";

/** Row-locks the grant an extension was asked for (undefined when there is no such extension). */
export async function lockGrantOf(tx: Tx, extensionId: string): Promise<Grant | undefined> {
  // grant_id never changes, so reading it unlocked is safe; the lock is what matters.
  const [target] = await tx.select({ grantId: extensionRequests.grantId }).from(extensionRequests).where(eq(extensionRequests.id, extensionId));
  if (!target) return undefined;
  const [grant] = await tx.select().from(grants).where(eq(grants.id, target.grantId)).for("update");
  return grant;
}

export async function lockExtensionForDecision(
  tx: Tx,
  extensionId: string,
  actor: UserActor,
  now: Date,
): Promise<{ extension: ExtensionRequest; grant: Grant } | undefined> {
  const grant = await lockGrantOf(tx, extensionId);
  if (!grant) return undefined;

  const [extension] = await tx
    .update(extensionRequests)
    .set({ updatedAt: now })
    .where(
      and(
        eq(extensionRequests.id, extensionId),
        inArray(extensionRequests.status, EXTENSION_TRANSITIONS.approve.from),
        ne(extensionRequests.requesterUserId, actor.id),
        mayApproveResourceSql(actor.id, extensionRequests.resourceId),
        exists(
          tx
            .select({ one: sql`1` })
            .from(grants)
            .where(and(eq(grants.id, extensionRequests.grantId), liveGrantCondition(now))),
        ),
      ),
    )
    .returning();
  return extension ? { extension, grant } : undefined;
}

/** Why the gate said no, for the person asking. Reads only; decides nothing. */
export async function explainExtensionRefusal(tx: Tx, extensionId: string, actor: UserActor, now: Date): Promise<ServiceError> {
  const [extension] = await tx.select().from(extensionRequests).where(eq(extensionRequests.id, extensionId));
  if (!extension) return notFound("No such extension.");
  const [grant] = await tx.select().from(grants).where(eq(grants.id, extension.grantId));
  if (extension.requesterUserId === actor.id) {
    // Kept as evidence (written after the rollback, like a self-decision on a request).
    return new ServiceError("forbidden", "You cannot decide your own extension.", {}, {
      action: "extension.self_decision_refused",
      resourceId: extension.resourceId,
      requestId: grant.requestId,
      details: { rule: "separation of duties: nobody decides their own extension", extensionId: extension.id, grantId: extension.grantId },
    });
  }
  const current = await loadUserActor(tx, actor.id);
  if (!current) return forbidden("Your account may not decide extensions.");
  const policy = await getCurrentPolicy(tx, extension.resourceId);
  // Someone who may not decide on this resource learns nothing about the extension.
  if (!policy || !isApproverFor(policy, current)) return notFound("No such extension.");
  if (extension.status !== "pending") return conflict(`This extension has already been ${EXTENSION_STATUS_LABELS[extension.status]}.`);
  if (!isGrantLive(grant, now)) {
    return conflict("The grant this extension was asked for has already ended, so the extension can no longer be decided; it becomes void.");
  }
  return conflict("This extension cannot be decided right now.");
}
