import "server-only";
// The holder withdraws their own pending extension.
import { and, eq, inArray } from "drizzle-orm";
import { extensionRequests, grants, type ExtensionRequest } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { EXTENSION_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { parseInput } from "@/lib/validation";
import { EXTENSION_STATUS_LABELS } from "./extension-rules";
import { lockGrantOf } from "./lock-extension-for-decision";
import { cancelExtensionInput } from "./schemas";

export async function cancelExtension(actor: UserActor, input: { extensionId: string }, deps: Deps): Promise<ExtensionRequest> {
  authorize(actor, "extension.request");
  const { extensionId } = parseInput(cancelExtensionInput, input);
  const now = deps.clock();
  const t = EXTENSION_TRANSITIONS.cancel;

  return deps.db.transaction(async (tx) => {
    // Grant row first, then its extension: the order every path on a grant keeps (the sweep
    // ends a grant and then voids its extension), so the two never wait on each other in a circle.
    await lockGrantOf(tx, extensionId);
    const [cancelled] = await tx
      .update(extensionRequests)
      .set({ status: t.to, decidedAt: now, updatedAt: now })
      .where(
        and(
          eq(extensionRequests.id, extensionId),
          eq(extensionRequests.requesterUserId, actor.id),
          inArray(extensionRequests.status, t.from),
        ),
      )
      .returning();
    if (!cancelled) {
      const [own] = await tx
        .select({ status: extensionRequests.status })
        .from(extensionRequests)
        .where(and(eq(extensionRequests.id, extensionId), eq(extensionRequests.requesterUserId, actor.id)));
      if (!own) throw notFound("No such extension.");
      throw conflict(`This extension has already been ${EXTENSION_STATUS_LABELS[own.status]}.`);
    }
    const [grant] = await tx.select({ requestId: grants.requestId }).from(grants).where(eq(grants.id, cancelled.grantId));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "extension.cancelled",
      occurredAt: now,
      resourceId: cancelled.resourceId,
      requestId: grant?.requestId ?? null,
      grantId: cancelled.grantId,
      details: { extensionId, minutes: cancelled.minutes },
    });
    return cancelled;
  });
}
