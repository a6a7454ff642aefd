import "server-only";
// An admin deletes a resource. Only one that never had a request can go: a resource with
// live grants is refused (revoke them or freeze it first), and one with any history is
// refused too, because its requests, grants and decisions are audit evidence; freezing it
// stops new requests for good. What is deleted (policy versions, RACI, connector settings)
// is recorded in the event with the resource's last name and slug.
import { and, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { accessRequests, connectorConfigs, driftFindings, grants, policies, raciAssignments, resources } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

const deleteResourceInput = z.object({ resourceId: z.uuid({ error: "Unknown resource." }) });

export async function deleteResource(actor: UserActor, input: { resourceId: string }, deps: Deps): Promise<void> {
  authorize(actor, "admin.manage");
  const { resourceId } = parseInput(deleteResourceInput, input);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    // Locked: a request created meanwhile waits for this transaction and then finds nothing.
    const [resource] = await tx.select().from(resources).where(eq(resources.id, resourceId)).for("update");
    if (!resource) throw notFound("No such resource.");
    const [live] = await tx
      .select({ n: count() })
      .from(grants)
      .where(and(eq(grants.resourceId, resourceId), inArray(grants.status, ["issuing", "active"])));
    if (live.n > 0) throw conflict(`${live.n} grant(s) on this resource are live or being revoked. Revoke them, or freeze the resource, first.`);
    const [history] = await tx.select({ n: count() }).from(accessRequests).where(eq(accessRequests.resourceId, resourceId));
    if (history.n > 0) {
      throw conflict("This resource has requests and grants on record; they are audit evidence. Freeze it to stop new requests instead.");
    }
    // A drift finding (access a target showed that Lapse never issued) is evidence too.
    const [findings] = await tx.select({ n: count() }).from(driftFindings).where(eq(driftFindings.resourceId, resourceId));
    if (findings.n > 0) {
      throw conflict("This resource has drift findings on record; they are audit evidence. Freeze it to stop new requests instead.");
    }
    const removedPolicies = await tx.delete(policies).where(eq(policies.resourceId, resourceId)).returning({ version: policies.version });
    await tx.delete(raciAssignments).where(eq(raciAssignments.resourceId, resourceId));
    await tx.delete(connectorConfigs).where(eq(connectorConfigs.resourceId, resourceId));
    await tx.delete(resources).where(eq(resources.id, resourceId));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "resource.deleted",
      occurredAt: now,
      resourceId,
      details: { name: resource.name, slug: resource.slug, connectorKind: resource.connectorKind, policyVersions: removedPolicies.length },
    });
  });
}
