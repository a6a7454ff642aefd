import "server-only";
// The step every approved extension ends in (enough approvals recorded, or auto-approval):
// ONE conditional UPDATE moves the grant's expiry, and only while the grant is still live
// and the new total fits the policy's maximum. If the grant ended or was ended early in the
// meantime, nothing moves and the extension becomes void. Runs inside the caller's
// transaction with its audit event, so either all of it happens or none.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { extensionRequests, grants, type ExtensionRequest, type Grant, type Policy } from "@/db/schema";
import { liveGrantCondition } from "@/lib/access/check-access";
import { appendAuditEvent } from "@/lib/audit/append-event";
import type { AuditActor } from "@/lib/auth/actor";
import { conflict } from "@/lib/errors";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { EXTENSION_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { addMinutes } from "@/lib/lifecycle/duration";
import { grantTotalMinutes } from "./extension-rules";

export const AUTO_APPROVAL = { kind: "system", id: "auto-approval", label: "Lapse auto-approval" } as const satisfies AuditActor;

export const VOID_MESSAGE =
  "The grant ended before the extension could be applied, so the extension is void and the grant keeps its expiry.";

export type CompletedExtension =
  | { outcome: "approved"; extension: ExtensionRequest; grant: Grant }
  | { outcome: "void"; extension: ExtensionRequest };

export async function completeExtension(
  tx: Tx,
  args: {
    extension: ExtensionRequest;
    policy: Pick<Policy, "id" | "version">;
    maxTotalMinutes: number;
    actor: AuditActor;
    /** Emails of the people whose approvals made up the decision (none under auto-approval). */
    approvers: string[];
    comment?: string;
    now: Date;
  },
): Promise<CompletedExtension> {
  const { extension, policy, maxTotalMinutes, actor, now } = args;
  const minutes = extension.minutes;
  const [extended] = await tx
    .update(grants)
    .set({
      expiresAt: sql`${grants.expiresAt} + (${minutes}::int * interval '1 minute')`,
      extendedMinutes: sql`${grants.extendedMinutes} + ${minutes}::int`,
    })
    .where(
      and(
        eq(grants.id, extension.grantId),
        liveGrantCondition(now),
        sql`${grants.durationMinutes} + ${grants.extendedMinutes} + ${minutes}::int <= ${maxTotalMinutes}::int`,
      ),
    )
    .returning();

  if (extended) {
    const t = EXTENSION_TRANSITIONS.approve;
    const [approved] = await tx
      .update(extensionRequests)
      .set({ status: t.to, decidedAt: now, decidedPolicyId: policy.id, updatedAt: now })
      .where(and(eq(extensionRequests.id, extension.id), inArray(extensionRequests.status, t.from)))
      .returning();
    // The caller holds the extension's row lock, so this cannot happen; if it did, roll back the grant too.
    if (!approved) throw conflict("This extension was decided by someone else at the same moment.");
    await appendAuditEvent(tx, {
      actor,
      action: "extension.approved",
      occurredAt: now,
      resourceId: extended.resourceId,
      requestId: extended.requestId,
      grantId: extended.id,
      details: {
        extensionId: extension.id,
        minutes,
        expiresAtBefore: addMinutes(extended.expiresAt!, -minutes).toISOString(),
        expiresAtAfter: extended.expiresAt!.toISOString(),
        totalMinutes: grantTotalMinutes(extended),
        maxTotalMinutes,
        approvers: args.approvers,
        comment: args.comment ?? "",
        policyVersion: policy.version,
      },
    });
    return { outcome: "approved", extension: approved, grant: extended };
  }

  // Nothing moved. Void only when the grant really is over; anything else is a refusal that
  // rolls the whole decision back (the caller checked the cap under the same lock).
  const [grant] = await tx.select().from(grants).where(eq(grants.id, extension.grantId));
  if (grant && isGrantLive(grant, now)) {
    throw conflict("The extension no longer fits the policy's maximum total; deny it instead.");
  }
  const voided = await voidExtension(tx, extension, { actor, now, reason: grant?.revokeRequestedAt ? "revoked" : "expired" });
  return { outcome: "void", extension: voided ?? extension };
}

/** Marks one pending extension void, with its event. Returns undefined if it was no longer pending. */
export async function voidExtension(
  tx: Tx,
  extension: Pick<ExtensionRequest, "id" | "grantId" | "resourceId" | "minutes">,
  options: { actor: AuditActor; now: Date; reason: "expired" | "revoked"; requestId?: string },
): Promise<ExtensionRequest | undefined> {
  const t = EXTENSION_TRANSITIONS.void;
  const [voided] = await tx
    .update(extensionRequests)
    .set({ status: t.to, decidedAt: options.now, updatedAt: options.now })
    .where(and(eq(extensionRequests.id, extension.id), inArray(extensionRequests.status, t.from)))
    .returning();
  if (!voided) return undefined;
  const requestId =
    options.requestId ?? (await tx.select({ requestId: grants.requestId }).from(grants).where(eq(grants.id, extension.grantId)))[0]?.requestId;
  await appendAuditEvent(tx, {
    actor: options.actor,
    action: "extension.void",
    occurredAt: options.now,
    resourceId: extension.resourceId,
    requestId: requestId ?? null,
    grantId: extension.grantId,
    details: {
      extensionId: extension.id,
      minutes: extension.minutes,
      reason: options.reason === "expired" ? "The grant's time was up before the extension was applied." : "The grant was ended early before the extension was applied.",
    },
  });
  return voided;
}

/** Voids whatever extension is still pending on a grant that has just ended (the expiry sweep). */
/** Which of these grants have an extension still waiting (one query for a whole batch). */
export async function grantsWithPendingExtensions(tx: Tx, grantIds: readonly string[]): Promise<Set<string>> {
  if (grantIds.length === 0) return new Set();
  const rows = await tx
    .select({ grantId: extensionRequests.grantId })
    .from(extensionRequests)
    .where(and(inArray(extensionRequests.grantId, [...grantIds]), inArray(extensionRequests.status, EXTENSION_TRANSITIONS.void.from)));
  return new Set(rows.map((row) => row.grantId));
}

export async function voidPendingExtensions(
  tx: Tx,
  grant: Pick<Grant, "id" | "requestId">,
  options: { actor: AuditActor; now: Date; reason: "expired" | "revoked" },
): Promise<number> {
  const pending = await tx
    .select()
    .from(extensionRequests)
    .where(and(eq(extensionRequests.grantId, grant.id), inArray(extensionRequests.status, EXTENSION_TRANSITIONS.void.from)));
  let voided = 0;
  for (const extension of pending) {
    if (await voidExtension(tx, extension, { ...options, requestId: grant.requestId })) voided++;
  }
  return voided;
}
