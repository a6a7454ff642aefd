import "server-only";
// The holder of a live grant asks for more time. The extension is a new decision under the
// resource's current policy: the same approval rule (auto approves at once, never the holder
// themselves), capped so the grant's total length never passes the policy's maximum total.
import { and, eq, inArray } from "drizzle-orm";
import { extensionRequests, grants, resources, type ExtensionRequest, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { lockEnabledUser } from "@/lib/auth/lock-enabled-user";
import { workloadEvidence } from "@/lib/auth/workload-evidence";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, forbidden, invalid, notFound } from "@/lib/errors";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { approvalsRequiredFor, isEligibleRequester } from "@/lib/lifecycle/policy-rules";
import { EXTENSION_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { assertAcceptingRequests } from "@/lib/resources/assert-accepting";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { parseInput } from "@/lib/validation";
import { extendOnTargetAfterApproval } from "@/lib/grants/extend-on-target";
import { notifyExtensionRequested } from "@/lib/notifications/extension-notices";
import { AUTO_APPROVAL, completeExtension, VOID_MESSAGE } from "./complete-extension";
import { checkExtensionMinutes, EXTENSIONS_NOT_ALLOWED, grantTotalMinutes, HOLDER_NOT_ELIGIBLE, maxTotalMinutesOf } from "./extension-rules";
import { requestExtensionInput, type RequestExtensionInput } from "./schemas";

export interface ExtensionRequestResult {
  extension: ExtensionRequest;
  /** The grant as it is now: with its new expiry when the extension was approved at once. */
  grant: Grant;
}

export async function requestExtension(actor: Actor, input: RequestExtensionInput, deps: Deps): Promise<ExtensionRequestResult> {
  authorize(actor, "extension.request");
  const terms = parseInput(requestExtensionInput, input);
  const now = deps.clock();

  const result = await deps.db.transaction(async (tx) => {
    // Queues behind a disable of this account (offboarding), and refuses once it is disabled.
    if (!(await lockEnabledUser(tx, actor.id))) throw forbidden("Your account is disabled.");
    // The grant's row lock orders this against a revoke, the expiry sweep and any decision on
    // the grant's extensions (they all take the grant first), so what is checked here holds.
    const [grant] = await tx
      .select()
      .from(grants)
      .where(and(eq(grants.id, terms.grantId), eq(grants.principalUserId, actor.id)))
      .for("update");
    if (!grant) throw notFound("No such grant.");
    if (!isGrantLive(grant, now)) {
      throw conflict(
        grant.revokeRequestedAt || grant.status === "revoked"
          ? "This grant has been ended, so it can no longer be extended."
          : grant.status === "issuing"
            ? "This grant has not been issued yet; ask for more time once it is active."
            : "This grant's time is up, so it can no longer be extended. Request access again instead.",
      );
    }

    const [resource] = await tx.select().from(resources).where(eq(resources.id, grant.resourceId));
    const policy = await getCurrentPolicy(tx, grant.resourceId);
    if (!policy || !policy.extensionsAllowed) throw invalid(EXTENSIONS_NOT_ALLOWED);
    if (!isEligibleRequester(policy, actor)) throw invalid(HOLDER_NOT_ELIGIBLE);
    await assertAcceptingRequests(tx, resource, (message) => invalid(message));

    const tooMuch = checkExtensionMinutes(policy, grant, terms.minutes);
    if (tooMuch) throw invalid(tooMuch, { minutes: [tooMuch] });
    if (policy.requireJustification && terms.justification.length === 0) {
      throw invalid("Some fields need attention.", { justification: ["Say why you need more time."] });
    }

    const [waiting] = await tx
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .where(and(eq(extensionRequests.grantId, grant.id), inArray(extensionRequests.status, EXTENSION_TRANSITIONS.approve.from)));
    const alreadyPending = "An extension of this grant is already waiting for a decision. Cancel it first to ask for a different amount.";
    if (waiting) throw conflict(alreadyPending);

    const required = approvalsRequiredFor(policy, actor);
    // The partial unique index allows one pending extension per grant; DO NOTHING keeps the
    // transaction usable should it fire anyway, and turns it into the same conflict.
    const [created] = await tx
      .insert(extensionRequests)
      .values({
        grantId: grant.id,
        resourceId: grant.resourceId,
        requesterUserId: actor.id,
        minutes: terms.minutes,
        justification: terms.justification,
        status: "pending",
        approvalsRequired: required,
        policyId: policy.id,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!created) throw conflict(alreadyPending);

    const maxTotalMinutes = maxTotalMinutesOf(policy)!;
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "extension.requested",
      occurredAt: now,
      resourceId: grant.resourceId,
      requestId: grant.requestId,
      grantId: grant.id,
      details: {
        extensionId: created.id,
        minutes: created.minutes,
        justification: created.justification,
        expiresAt: grant.expiresAt!.toISOString(),
        totalMinutesBefore: grantTotalMinutes(grant),
        ...workloadEvidence(actor),
        maxTotalMinutes,
        policyVersion: policy.version,
        approvalRule: policy.approvalRule,
      },
    });
    if (required > 0) {
      await notifyExtensionRequested(tx, created, grant, now);
      return { extension: created, grant, voided: false };
    }

    const completed = await completeExtension(tx, { extension: created, policy, maxTotalMinutes, actor: AUTO_APPROVAL, approvers: [], now });
    return completed.outcome === "approved"
      ? { extension: completed.extension, grant: completed.grant, voided: false }
      : { extension: completed.extension, grant, voided: true };
  });

  // The grant is locked above, so this only happens if it ended between the check and the
  // update; the void is committed and the holder is told why.
  if (result.voided) throw conflict(VOID_MESSAGE);
  // Auto-approved and committed: move the end of access on the target too.
  if (result.extension.status === "approved") await extendOnTargetAfterApproval(result.grant.id, deps);
  return { extension: result.extension, grant: result.grant };
}
