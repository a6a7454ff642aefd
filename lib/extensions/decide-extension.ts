import "server-only";
// An approver's decision on a pending extension. Approve and deny share the gate and the
// separation-of-duties rule; approval re-checks the current policy (extensions still allowed,
// the cap), the RACI gaps and a freeze, counts distinct approvers, and only then moves the
// grant's expiry. One deny ends the extension.
import { and, eq, inArray } from "drizzle-orm";
import { extensionApprovals, extensionRequests, resources, users, type Decision, type ExtensionRequest, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { loadPrincipal } from "@/lib/workloads/load-principal";
import { authorize } from "@/lib/auth/permissions";
import { requireRecentAuthentication } from "@/lib/auth/require-recent-authentication";
import type { Deps } from "@/lib/deps";
import { conflict } from "@/lib/errors";
import { approvalsRequired, isEligibleRequester } from "@/lib/lifecycle/policy-rules";
import { recordingRefusals } from "@/lib/requests/decide-request";
import { EXTENSION_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { assertAcceptingRequests } from "@/lib/resources/assert-accepting";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { parseInput } from "@/lib/validation";
import { extendOnTargetAfterApproval } from "@/lib/grants/extend-on-target";
import { notifyExtensionDecided } from "@/lib/notifications/extension-notices";
import { completeExtension, VOID_MESSAGE } from "./complete-extension";
import { checkExtensionMinutes, maxTotalMinutesOf } from "./extension-rules";
import { explainExtensionRefusal, lockExtensionForDecision } from "./lock-extension-for-decision";
import { decideExtensionInput, type DecideExtensionInput } from "./schemas";

export type ExtensionDecisionResult =
  | { outcome: "approved"; extension: ExtensionRequest; grant: Grant }
  | { outcome: "awaiting-more"; extension: ExtensionRequest; approvals: number; required: number }
  | { outcome: "denied"; extension: ExtensionRequest };

export async function decideExtension(
  actor: UserActor,
  decision: Decision,
  input: DecideExtensionInput,
  deps: Deps,
): Promise<ExtensionDecisionResult> {
  authorize(actor, "extension.decide");
  const { extensionId, comment } = parseInput(decideExtensionInput, input);
  const now = deps.clock();
  requireRecentAuthentication(actor, now);

  const result = await recordingRefusals(actor, deps, () => deps.db.transaction(async (tx): Promise<ExtensionDecisionResult | { outcome: "void" }> => {
    const locked = await lockExtensionForDecision(tx, extensionId, actor, now);
    if (!locked) throw await explainExtensionRefusal(tx, extensionId, actor, now);
    const { extension, grant } = locked;
    const where = { resourceId: extension.resourceId, requestId: grant.requestId, grantId: grant.id };

    const [recorded] = await tx
      .insert(extensionApprovals)
      .values({ extensionId, approverUserId: actor.id, decision, comment, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!recorded) throw conflict("You have already decided this extension.");

    if (decision === "deny") {
      const t = EXTENSION_TRANSITIONS.deny;
      const [denied] = await tx
        .update(extensionRequests)
        .set({ status: t.to, decidedAt: now, updatedAt: now })
        .where(and(eq(extensionRequests.id, extensionId), inArray(extensionRequests.status, t.from)))
        .returning();
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "extension.denied",
        occurredAt: now,
        ...where,
        details: { extensionId, minutes: extension.minutes, comment },
      });
      await notifyExtensionDecided(tx, { extension: denied, grant, outcome: "denied", decidedBy: { id: actor.id, label: actor.email }, comment, now });
      return { outcome: "denied", extension: denied };
    }

    // Approval re-checks the current policy: a tightened rule applies to pending extensions too.
    const [resource] = await tx.select().from(resources).where(eq(resources.id, extension.resourceId));
    const policy = await getCurrentPolicy(tx, extension.resourceId);
    const holder = await loadPrincipal(tx, extension.requesterUserId);
    if (!policy || !holder || !isEligibleRequester(policy, holder)) {
      throw conflict("The holder is no longer eligible for this resource; deny the extension instead.");
    }
    await assertAcceptingRequests(tx, resource, (message) => conflict(`${message} Approval waits until that changes.`));
    const stale = checkExtensionMinutes(policy, grant, extension.minutes);
    if (stale) throw conflict(`This extension no longer fits the resource's current policy: ${stale} Deny it instead.`);

    const required = Math.max(extension.approvalsRequired, approvalsRequired(policy.approvalRule));
    const approverRows = await tx
      .select({ email: users.email })
      .from(extensionApprovals)
      .innerJoin(users, eq(users.id, extensionApprovals.approverUserId))
      // An approver disabled since (offboarded) no longer counts towards the approvals needed.
      .where(and(eq(extensionApprovals.extensionId, extensionId), eq(extensionApprovals.decision, "approve"), eq(users.disabled, false)));
    const approvers = approverRows.map((row) => row.email);

    if (approvers.length < required) {
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "extension.approval_recorded",
        occurredAt: now,
        ...where,
        details: { extensionId, minutes: extension.minutes, comment, approvals: approvers.length, required },
      });
      return { outcome: "awaiting-more", extension, approvals: approvers.length, required };
    }

    const completed = await completeExtension(tx, {
      extension,
      policy,
      maxTotalMinutes: maxTotalMinutesOf(policy)!,
      actor: auditActor(actor),
      approvers,
      comment,
      now,
    });
    if (completed.outcome !== "approved") return { outcome: "void" };
    await notifyExtensionDecided(tx, { extension: completed.extension, grant: completed.grant, outcome: "approved", decidedBy: { id: actor.id, label: actor.email }, comment, now });
    return completed;
  }));

  // The void is committed (with its event); the approver is told why nothing was extended.
  if (result.outcome === "void") throw conflict(VOID_MESSAGE);
  // Committed: now move the end of access on the target too (its outcome is its own event).
  if (result.outcome === "approved") await extendOnTargetAfterApproval(result.grant.id, deps);
  return result;
}

export const approveExtension = (actor: UserActor, input: DecideExtensionInput, deps: Deps) =>
  decideExtension(actor, "approve", input, deps);

export const denyExtension = (actor: UserActor, input: DecideExtensionInput, deps: Deps) =>
  decideExtension(actor, "deny", input, deps);
