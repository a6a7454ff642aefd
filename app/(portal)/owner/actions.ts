"use server";
// Thin server actions for the owner pages: who is acting, then the service function.
import { revalidatePath } from "next/cache";
import { toActionState } from "@/lib/action-state";
import type { ActionState } from "@/lib/action-state-types";
import { requireActor } from "@/lib/auth/require-actor";
import { confirmPolicyChange, rejectPolicyChange } from "@/lib/policy/review-policy";
import { savePolicy } from "@/lib/policy/save-policy";
import { saveRaci, type SaveRaciInput } from "@/lib/raci/save-raci";
import { appDeps } from "@/lib/runtime/app-deps";
import { revokeGrant } from "@/lib/grants/revoke-grant";
import { reviewBreakGlass } from "@/lib/grants/review-break-glass";
import { freezeResource, unfreezeResource } from "@/lib/resources/freeze-resource";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};
const list = (form: FormData, name: string) => form.getAll(name).filter((v): v is string => typeof v === "string");

export async function savePolicyAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const actor = await requireActor();
  const slug = text(form, "resourceSlug") ?? "";
  let state: ActionState;
  try {
    const saved = await savePolicy(
      actor,
      {
        resourceSlug: slug,
        baseVersion: text(form, "baseVersion") ?? "",
        accessLevels: text(form, "accessLevels") ?? "",
        eligibleTeamIds: list(form, "eligibleTeamIds"),
        eligibleUserIds: list(form, "eligibleUserIds"),
        eligibleWorkloadIds: list(form, "eligibleWorkloadIds"),
        autoApprovalClaims: text(form, "autoApprovalClaims") ?? "",
        approvalRule: (text(form, "approvalRule") ?? "") as "single",
        approverTeamIds: list(form, "approverTeamIds"),
        defaultDurationMinutes: text(form, "defaultDurationMinutes") ?? "",
        maxDurationMinutes: text(form, "maxDurationMinutes") ?? "",
        requireJustification: text(form, "requireJustification"),
        ticketRequired: text(form, "ticketRequired"),
        ticketPattern: text(form, "ticketPattern"),
        ticketHint: text(form, "ticketHint"),
        extensionsAllowed: text(form, "extensionsAllowed"),
        maxTotalMinutes: text(form, "maxTotalMinutes") ?? "",
        breakGlassTeamIds: list(form, "breakGlassTeamIds"),
        breakGlassReviewMinutes: text(form, "breakGlassReviewMinutes") ?? "",
        approvalTimeoutMinutes: text(form, "approvalTimeoutMinutes") ?? "",
        maxLiveGrants: text(form, "maxLiveGrants") ?? "",
        expiryWarningMinutes: text(form, "expiryWarningMinutes") ?? "",
      } as Parameters<typeof savePolicy>[1],
      await appDeps(),
    );
    state = {
      status: "ok",
      message:
        saved.kind === "tighten"
          ? `Saved as version ${saved.policy.version}. It tightens control, so it applies now.`
          : `Saved as version ${saved.policy.version}, waiting: it loosens control, so a second member of the owner team must confirm it. Until then version ${saved.policy.baseVersion} applies.`,
      fieldErrors: {},
    };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath(`/owner/resources/${slug}/policy`);
  return state;
}

export async function reviewPolicyAction(slug: string, policyId: string, verdict: "confirm" | "reject"): Promise<ActionState> {
  const actor = await requireActor();
  let state: ActionState;
  try {
    const deps = await appDeps();
    const policy = verdict === "confirm" ? await confirmPolicyChange(actor, { policyId }, deps) : await rejectPolicyChange(actor, { policyId }, deps);
    state = {
      status: "ok",
      message: verdict === "confirm" ? `Version ${policy.version} confirmed: it applies now.` : `Version ${policy.version} will not apply.`,
      fieldErrors: {},
    };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath(`/owner/resources/${slug}/policy`);
  return state;
}

export async function saveRaciAction(input: SaveRaciInput): Promise<ActionState & { revision?: number }> {
  const actor = await requireActor();
  let state: ActionState & { revision?: number };
  try {
    const saved = await saveRaci(actor, input, await appDeps());
    state = {
      status: "ok",
      message: saved.gaps.length
        ? `Saved. ${saved.gaps.length === 1 ? "One governance gap remains" : `${saved.gaps.length} governance gaps remain`}: the resource accepts no requests until they are fixed.`
        : "Saved. No governance gaps: the resource accepts requests.",
      fieldErrors: {},
      revision: saved.revision,
    };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") revalidatePath(`/owner/resources/${input.resourceSlug}/raci`);
  return state;
}

/** Runs one owner action on a resource's overview page and refreshes that page on success. */
async function onResource(slug: string, run: () => Promise<string>): Promise<ActionState> {
  let state: ActionState;
  try {
    state = { status: "ok", message: await run(), fieldErrors: {} };
  } catch (error) {
    state = toActionState(error);
  }
  if (state.status === "ok") {
    revalidatePath(`/owner/resources/${slug}`);
    revalidatePath("/owner");
  }
  return state;
}

export async function revokeGrantAction(slug: string, grantId: string, reason: string): Promise<ActionState> {
  const actor = await requireActor();
  return onResource(slug, async () => {
    const ended = await revokeGrant(actor, { grantId, reason }, await appDeps());
    return ended.confirmed ? "Access revoked." : "Access ended; Lapse keeps retrying the revocation on the target.";
  });
}

export async function freezeResourceAction(slug: string, reason: string): Promise<ActionState> {
  const actor = await requireActor();
  return onResource(slug, async () => {
    const { revokedGrants } = await freezeResource(actor, { resourceSlug: slug, reason }, await appDeps());
    return `Frozen. ${revokedGrants === 1 ? "1 live grant was" : `${revokedGrants} live grants were`} ended; no request is accepted until you unfreeze it.`;
  });
}

export async function unfreezeResourceAction(slug: string): Promise<ActionState> {
  const actor = await requireActor();
  return onResource(slug, async () => {
    await unfreezeResource(actor, { resourceSlug: slug }, await appDeps());
    return "Unfrozen: requests are accepted again.";
  });
}

export async function reviewBreakGlassAction(slug: string, grantId: string, outcome: string, comment: string): Promise<ActionState> {
  const actor = await requireActor();
  return onResource(slug, async () => {
    await reviewBreakGlass(actor, { grantId, outcome, comment }, await appDeps());
    return outcome === "accepted" ? "Review recorded: accepted." : "Review recorded: escalated.";
  });
}
