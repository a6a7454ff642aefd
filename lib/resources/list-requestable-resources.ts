import "server-only";
// The resources the actor may ask for, with the current policy's terms the form follows.
import { asc } from "drizzle-orm";
import { resources, type ApprovalRule } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { isEligibleRequester, mayBreakGlass } from "@/lib/lifecycle/policy-rules";
import { describeGapBlock, getGovernanceOf } from "@/lib/raci/get-governance-gaps";
import { getCurrentPolicies } from "./current-policy";

export interface RequestableResourceView {
  id: string;
  slug: string;
  name: string;
  kind: string;
  description: string;
  accessLevels: string[];
  defaultDurationMinutes: number;
  maxDurationMinutes: number;
  requireJustification: boolean;
  ticketPattern: string | null;
  ticketHint: string | null;
  approvalRule: ApprovalRule;
  /** Why the resource accepts no requests now (a governance gap), naming who owns the fix; null when open. */
  blockedReason: string | null;
  /** What blocks it: a freeze blocks everything; a gap can be passed only by break-glass. */
  blockedBy: "frozen" | "gap" | null;
  /** Policy lets the actor's teams break glass here (access at once, reviewed afterwards). */
  breakGlassAllowed: boolean;
  breakGlassReviewMinutes: number;
  /** False when only break-glass is open to the actor here. */
  mayRequest: boolean;
}

export async function listRequestableResources(actor: UserActor, deps: Pick<Deps, "db">): Promise<RequestableResourceView[]> {
  authorize(actor, "request.create");
  const [all, current] = await Promise.all([
    deps.db.select().from(resources).orderBy(asc(resources.name)),
    getCurrentPolicies(deps.db),
  ]);
  const eligible = all.filter((resource) => {
    const policy = current.get(resource.id);
    return policy && (isEligibleRequester(policy, actor) || mayBreakGlass(policy, actor));
  });
  const governance = await getGovernanceOf(deps.db, eligible.map((r) => r.id));
  const views: RequestableResourceView[] = [];
  for (const resource of eligible) {
    const policy = current.get(resource.id)!;
    const gov = governance.get(resource.id);
    views.push({
      id: resource.id,
      slug: resource.slug,
      name: resource.name,
      kind: resource.kind,
      description: resource.description,
      accessLevels: policy.accessLevels,
      defaultDurationMinutes: policy.defaultDurationMinutes,
      maxDurationMinutes: policy.maxDurationMinutes,
      requireJustification: policy.requireJustification,
      ticketPattern: policy.ticketPattern,
      ticketHint: policy.ticketHint,
      approvalRule: policy.approvalRule,
      blockedReason: resource.frozenAt
        ? `This resource is frozen${resource.frozenReason ? ` (${resource.frozenReason})` : ""}: it accepts no requests until its owner unfreezes it.`
        : gov && gov.gaps.length
          ? describeGapBlock(gov)
          : null,
      blockedBy: resource.frozenAt ? "frozen" : gov && gov.gaps.length ? "gap" : null,
      breakGlassAllowed: mayBreakGlass(policy, actor),
      breakGlassReviewMinutes: policy.breakGlassReviewMinutes,
      mayRequest: isEligibleRequester(policy, actor),
    });
  }
  return views;
}
