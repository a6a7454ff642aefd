import "server-only";
// The second pair of eyes on a loosening change: another member of the owner team (never
// its author, never an admin alone) confirms it, and only then does it apply. An owner may
// also reject it; its author may withdraw it.
import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { policies, resources, type Policy } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { requireRecentAuthentication } from "@/lib/auth/require-recent-authentication";
import type { Deps } from "@/lib/deps";
import { conflict, forbidden, notFound, type ServiceError } from "@/lib/errors";
import { notifyPolicyReviewed, settlePolicyNotices } from "@/lib/notifications/owner-notices";
import { governedResourcesCondition, ownedResourcesCondition } from "@/lib/resources/governed-resources";
import { parseInput } from "@/lib/validation";
import { classifyPolicyChange } from "./classify-change";
import { reviewPolicyInput, type ReviewPolicyInput } from "./schemas";
import { termsOf } from "./terms";

/** Row-locks the resource of a pending version the actor governs, serialising with saves. */
async function lockResourceOf(tx: Tx, actor: UserActor, policyId: string) {
  const [row] = await tx
    .select({ resource: resources, policy: policies })
    .from(policies)
    .innerJoin(resources, eq(resources.id, policies.resourceId))
    .where(and(eq(policies.id, policyId), governedResourcesCondition(actor)))
    .for("update", { of: resources });
  return row;
}

async function explainRefusal(tx: Tx, actor: UserActor, policyId: string): Promise<ServiceError> {
  const row = await lockResourceOf(tx, actor, policyId);
  if (!row) return notFound("No such policy change.");
  if (row.policy.status !== "pending") return conflict(`This change is no longer waiting: it was ${row.policy.status}.`);
  if (row.policy.createdBy === actor.id) return forbidden("You proposed this change: a second member of the owner team must confirm it.");
  return forbidden("Only a control owner of this resource's owner team can confirm a change.");
}

export async function confirmPolicyChange(actor: UserActor, input: ReviewPolicyInput, deps: Deps): Promise<Policy> {
  authorize(actor, "policy.review");
  const { policyId } = parseInput(reviewPolicyInput, input);
  const now = deps.clock();
  // Confirming is what makes a loosening take effect: the second pair of eyes must be present.
  requireRecentAuthentication(actor, now);
  return deps.db.transaction(async (tx) => {
    const locked = await lockResourceOf(tx, actor, policyId);
    const [confirmed] = locked
      ? await tx
          .update(policies)
          .set({ status: "active", reviewedBy: actor.id, reviewedAt: now })
          .where(
            and(
              eq(policies.id, policyId),
              eq(policies.status, "pending"),
              ne(policies.createdBy, actor.id),
              // The confirmer must own the resource: an admin outside the owner team cannot.
              eq(policies.resourceId, tx.select({ id: resources.id }).from(resources).where(and(eq(resources.id, locked.resource.id), ownedResourcesCondition(actor)))),
            ),
          )
          .returning()
      : [];
    if (!confirmed) throw await explainRefusal(tx, actor, policyId);

    const base = confirmed.baseVersion
      ? (await tx.select().from(policies).where(and(eq(policies.resourceId, confirmed.resourceId), eq(policies.version, confirmed.baseVersion))))[0]
      : undefined;
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "policy.confirmed",
      occurredAt: now,
      resourceId: confirmed.resourceId,
      details: {
        version: confirmed.version,
        baseVersion: confirmed.baseVersion,
        proposedBy: confirmed.createdBy,
        confirmedBy: actor.email,
        changes: base ? classifyPolicyChange(termsOf(base), termsOf(confirmed)).changes : [],
      },
    });
    await settlePolicyNotices(tx, confirmed.resourceId, [confirmed.version], now);
    if (confirmed.createdBy) await notifyPolicyReviewed(tx, { resourceId: confirmed.resourceId, version: confirmed.version, authorId: confirmed.createdBy, reviewer: actor.email, outcome: "confirmed", now });
    return confirmed;
  });
}

export async function rejectPolicyChange(actor: UserActor, input: ReviewPolicyInput, deps: Deps): Promise<Policy> {
  authorize(actor, "policy.edit");
  const { policyId } = parseInput(reviewPolicyInput, input);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const locked = await lockResourceOf(tx, actor, policyId);
    if (!locked) throw notFound("No such policy change.");
    const withdrawing = locked.policy.createdBy === actor.id;
    // Withdrawing your own proposal needs only the right to edit; rejecting someone else's
    // needs the right to review it.
    if (!withdrawing && !can(actor, "policy.review")) throw forbidden("Only a control owner can reject someone else's change.");
    const [rejected] = await tx
      .update(policies)
      .set({ status: "rejected", reviewedBy: actor.id, reviewedAt: now })
      .where(and(eq(policies.id, policyId), eq(policies.status, "pending")))
      .returning();
    if (!rejected) throw conflict(`This change is no longer waiting: it was ${locked.policy.status}.`);
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: withdrawing ? "policy.withdrawn" : "policy.rejected",
      occurredAt: now,
      resourceId: rejected.resourceId,
      details: { version: rejected.version, baseVersion: rejected.baseVersion, proposedBy: rejected.createdBy },
    });
    await settlePolicyNotices(tx, rejected.resourceId, [rejected.version], now);
    if (!withdrawing && rejected.createdBy) await notifyPolicyReviewed(tx, { resourceId: rejected.resourceId, version: rejected.version, authorId: rejected.createdBy, reviewer: actor.email, outcome: "rejected", now });
    return rejected;
  });
}
