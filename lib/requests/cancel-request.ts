import "server-only";
// A requester withdraws their own pending request.
import { and, eq, inArray } from "drizzle-orm";
import { accessRequests, type AccessRequest } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { REQUEST_STATUS_LABELS } from "@/lib/lifecycle/status-labels";
import { REQUEST_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { notifyRequestDecided } from "@/lib/notifications/request-notices";
import { parseInput } from "@/lib/validation";
import { cancelRequestInput } from "./schemas";

export async function cancelRequest(actor: Actor, input: { requestId: string }, deps: Deps): Promise<AccessRequest> {
  authorize(actor, "request.cancel");
  const { requestId } = parseInput(cancelRequestInput, input);
  const now = deps.clock();
  const t = REQUEST_TRANSITIONS.cancel;

  return deps.db.transaction(async (tx) => {
    const [cancelled] = await tx
      .update(accessRequests)
      .set({ status: t.to, decidedAt: now, updatedAt: now })
      .where(
        and(
          eq(accessRequests.id, requestId),
          eq(accessRequests.requesterUserId, actor.id),
          inArray(accessRequests.status, t.from),
        ),
      )
      .returning();
    if (!cancelled) {
      const [own] = await tx
        .select({ status: accessRequests.status })
        .from(accessRequests)
        .where(and(eq(accessRequests.id, requestId), eq(accessRequests.requesterUserId, actor.id)));
      if (!own) throw notFound("No such request.");
      throw conflict(`This request has already been ${REQUEST_STATUS_LABELS[own.status]}.`);
    }
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "request.cancelled",
      occurredAt: now,
      resourceId: cancelled.resourceId,
      requestId,
    });
    await notifyRequestDecided(tx, { request: cancelled, outcome: "cancelled", decidedBy: { id: actor.id, label: actor.email }, now });
    return cancelled;
  });
}
