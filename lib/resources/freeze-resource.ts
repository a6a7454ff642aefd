import "server-only";
// The kill switch for an incident (DESIGN §5): an owner or admin freezes a resource with a
// reason; every live grant on it is ended at once and no request, approval or extension is
// accepted until it is unfrozen. Both directions are conditional updates with their events.
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import { grants, resources, type Resource } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { endGrantsNow } from "@/lib/grants/expire-due-grants";
import { requestRevocation } from "@/lib/grants/request-revocation";
import { parseInput } from "@/lib/validation";
import { governedResourcesCondition } from "./governed-resources";

const freezeInput = z.object({
  resourceSlug: z.string().min(1).max(100),
  reason: z.string().trim().min(3, "Say why the resource is frozen.").max(500, "Keep the reason under 500 characters."),
});
const unfreezeInput = z.object({ resourceSlug: z.string().min(1).max(100) });

export async function freezeResource(
  actor: UserActor,
  input: { resourceSlug: string; reason: string },
  deps: Deps,
): Promise<{ resource: Resource; revokedGrants: number }> {
  authorize(actor, "resource.freeze");
  const { resourceSlug, reason } = parseInput(freezeInput, input);
  const now = deps.clock();
  const result = await deps.db.transaction(async (tx) => {
    const [frozen] = await tx
      .update(resources)
      .set({ frozenAt: now, frozenReason: reason, frozenBy: actor.email })
      .where(and(eq(resources.slug, resourceSlug), governedResourcesCondition(actor), isNull(resources.frozenAt)))
      .returning();
    if (!frozen) {
      const [seen] = await tx.select({ frozenAt: resources.frozenAt }).from(resources).where(and(eq(resources.slug, resourceSlug), governedResourcesCondition(actor)));
      throw seen ? conflict("This resource is already frozen.") : notFound("No such resource.");
    }
    const ended = await requestRevocation(tx, eq(grants.resourceId, frozen.id), { actor: auditActor(actor), reason: `resource frozen: ${reason}`, now });
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "resource.frozen",
      occurredAt: now,
      resourceId: frozen.id,
      details: { reason, grantsEnded: ended.length },
    });
    return { resource: frozen, grantIds: ended.map((g) => g.id) };
  });
  await endGrantsNow(result.grantIds, deps);
  return { resource: result.resource, revokedGrants: result.grantIds.length };
}

export async function unfreezeResource(actor: UserActor, input: { resourceSlug: string }, deps: Deps): Promise<Resource> {
  authorize(actor, "resource.freeze");
  const { resourceSlug } = parseInput(unfreezeInput, input);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const [thawed] = await tx
      .update(resources)
      .set({ frozenAt: null, frozenReason: null, frozenBy: null })
      .where(and(eq(resources.slug, resourceSlug), governedResourcesCondition(actor), isNotNull(resources.frozenAt)))
      .returning();
    if (!thawed) {
      const [seen] = await tx.select({ id: resources.id }).from(resources).where(and(eq(resources.slug, resourceSlug), governedResourcesCondition(actor)));
      throw seen ? conflict("This resource is not frozen.") : notFound("No such resource.");
    }
    await appendAuditEvent(tx, { actor: auditActor(actor), action: "resource.unfrozen", occurredAt: now, resourceId: thawed.id, details: {} });
    return thawed;
  });
}
