import "server-only";
// A requester asks for time-boxed access under the resource's current policy.
import { eq } from "drizzle-orm";
import { accessRequests, resources, type AccessRequest } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, principalOf, type Actor } from "@/lib/auth/actor";
import { lockEnabledUser } from "@/lib/auth/lock-enabled-user";
import { authorize } from "@/lib/auth/permissions";
import { workloadEvidence } from "@/lib/auth/workload-evidence";
import { requireRecentAuthentication } from "@/lib/auth/require-recent-authentication";
import type { Deps } from "@/lib/deps";
import { conflict, forbidden, invalid, notEligible } from "@/lib/errors";
import { issueAfterApproval } from "@/lib/grants/issue-grant";
import { addMinutes } from "@/lib/lifecycle/duration";
import { approvalsRequiredFor, checkTermsAgainstPolicy, isEligibleRequester, mayBreakGlass } from "@/lib/lifecycle/policy-rules";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { parseInput } from "@/lib/validation";
import { assertAcceptingRequests } from "@/lib/resources/assert-accepting";
import { countLiveGrants, liveGrantLimitMessage } from "@/lib/grants/live-grant-limit";
import { notifyRequestCreated } from "@/lib/notifications/request-notices";
import { completeApproval } from "./complete-approval";
import { createRequestInput, type CreateRequestInput } from "./schemas";

const AUTO_APPROVAL = { kind: "system", id: "auto-approval", label: "Lapse auto-approval" } as const;

/** What the API knows beyond the terms: the pipeline run a workload says it is (context, not identity). */
export interface RequestContext {
  pipeline?: Record<string, string> | null;
  /** "api" when the request came through /api/v1 (with a token), "portal" otherwise. */
  channel?: "api" | "portal";
}

export async function createRequest(actor: Actor, input: CreateRequestInput, deps: Deps, context: RequestContext = {}): Promise<AccessRequest> {
  authorize(actor, "request.create");
  const terms = parseInput(createRequestInput, input);
  const now = deps.clock();
  // Break-glass takes access at once, with nobody approving: the person must be present.
  if (terms.breakGlass) requireRecentAuthentication(actor, now);

  const { request, grantId } = await deps.db.transaction(async (tx) => {
    // Queues behind a disable of this account (offboarding), and refuses once it is disabled.
    if (!(await lockEnabledUser(tx, actor.id))) throw forbidden("Your account is disabled.");
    // Share lock: an auto-approved or break-glass grant made here cannot slip past a freeze,
    // policy or RACI save committing at the same moment (those update the resource row).
    const [resource] = await tx.select().from(resources).where(eq(resources.id, terms.resourceId)).for("share");
    const policy = resource ? await getCurrentPolicy(tx, resource.id) : undefined;
    if (!resource || !policy || !isEligibleRequester(policy, actor)) {
      // Break-glass is for the teams policy names, even when they may not request normally.
      if (!(terms.breakGlass && resource && policy && mayBreakGlass(policy, actor))) {
        throw notEligible("You cannot request access to this resource.", {
          resourceId: ["You are not eligible to request access to this resource."],
        });
      }
    }
    if (terms.breakGlass && !mayBreakGlass(policy, actor)) {
      throw invalid("Break-glass is not allowed for you on this resource.", { breakGlass: ["This resource's policy does not let your teams break glass."] });
    }
    await assertAcceptingRequests(tx, resource, (message) => invalid(message, { resourceId: [message] }), { breakGlass: terms.breakGlass });
    const fieldErrors = checkTermsAgainstPolicy(policy, terms);
    if (terms.breakGlass && terms.justification.trim().length === 0) {
      // Always required for break-glass, whatever the policy says; one message is enough.
      fieldErrors.justification = ["Say what the emergency is: break-glass is reviewed afterwards."];
    }
    if (Object.keys(fieldErrors).length) throw invalid("Some fields need attention.", fieldErrors);
    if ((await countLiveGrants(tx, actor.id, resource.id, now)) >= policy.maxLiveGrants) {
      const message = liveGrantLimitMessage(policy.maxLiveGrants);
      throw invalid(message, { resourceId: [message] });
    }

    const required = terms.breakGlass ? 0 : approvalsRequiredFor(policy, actor);
    const pipeline = context.pipeline && Object.keys(context.pipeline).length ? context.pipeline : null;
    const [created] = await tx
      .insert(accessRequests)
      .values({
        resourceId: resource.id,
        policyId: policy.id,
        requesterUserId: actor.id,
        accessLevel: terms.accessLevel,
        durationMinutes: terms.durationMinutes,
        justification: terms.justification,
        ticket: terms.ticket,
        status: "pending",
        approvalsRequired: required,
        breakGlass: terms.breakGlass,
        pipeline,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "request.created",
      occurredAt: now,
      resourceId: resource.id,
      requestId: created.id,
      details: {
        accessLevel: created.accessLevel,
        durationMinutes: created.durationMinutes,
        justification: created.justification,
        ticket: created.ticket,
        policyVersion: policy.version,
        approvalRule: policy.approvalRule,
        breakGlass: terms.breakGlass,
        approvalsRequired: required,
        // DESIGN §7: the requester (the authenticated principal), the workload, the pipeline
        // run and the purpose are recorded apart, so evidence reads each on its own.
        requester: principalOf(actor),
        channel: context.channel ?? "portal",
        ...workloadEvidence(actor),
        ...(pipeline ? { pipeline } : {}),
        purpose: created.justification,
      },
    });
    if (required > 0) {
      await notifyRequestCreated(tx, created, now);
      return { request: created, grantId: null };
    }

    const completed = await completeApproval(tx, {
      request: created,
      resource,
      policy,
      // Break-glass is the requester's own act, recorded as theirs; auto-approval is Lapse's.
      actor: terms.breakGlass ? auditActor(actor) : AUTO_APPROVAL,
      approvers: [],
      now,
      breakGlass: terms.breakGlass ? { reviewDueAt: addMinutes(now, policy.breakGlassReviewMinutes) } : undefined,
    });
    if (!completed) throw conflict("This request could not be completed; try again.");
    return { request: completed?.request ?? created, grantId: completed?.grant.id ?? null };
  });

  // Issuance talks to the outside world, so it runs only after the approval committed.
  if (grantId) await issueAfterApproval(grantId, deps);
  return request;
}
