import "server-only";
// A control owner (or admin) saves a resource's policy. Each save is a new version. A change
// made only of tightenings applies at once; any loosening waits, pending, for a second member
// of the owner team (DESIGN §3). A pending change that a later save overtakes is superseded,
// so at most one change ever waits and a confirmation always applies to the current version.
import { and, eq, inArray, max } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { policies, teams, users, type Policy, workloadIdentities } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, invalid, type FieldErrors } from "@/lib/errors";
import { getCurrentPolicy } from "@/lib/resources/current-policy";
import { lockGovernedResource } from "@/lib/resources/governed-resources";
import { parseInput } from "@/lib/validation";
import { classifyPolicyChange, type PolicyChange } from "./classify-change";
import { savePolicyInput, termsFromInput, type SavePolicyInput } from "./schemas";
import { notifyPolicyAwaitingConfirmation, settlePolicyNotices } from "@/lib/notifications/owner-notices";
import { POLICY_TERM_LABELS, termsOf, type PolicyTerms } from "./terms";

export interface SavedPolicy {
  policy: Policy;
  /** tighten: in force now; loosen: waiting for a second owner. */
  kind: "tighten" | "loosen";
  change: PolicyChange;
}

export async function savePolicy(actor: UserActor, input: SavePolicyInput, deps: Deps): Promise<SavedPolicy> {
  authorize(actor, "policy.edit");
  const parsed = parseInput(savePolicyInput, input);
  const terms = termsFromInput(parsed);
  const now = deps.clock();

  return deps.db.transaction(async (tx) => {
    const resource = await lockGovernedResource(tx, actor, parsed.resourceSlug);
    await assertReferencesExist(tx, terms);
    const current = await getCurrentPolicy(tx, resource.id);
    if (!current) throw conflict("This resource has no policy yet.");
    if (current.version !== parsed.baseVersion) {
      throw conflict(`Someone changed this policy while you were editing (now version ${current.version}). Reload to see it, then make your change again.`);
    }
    if (parsed.expiryWarningMinutes === null) terms.expiryWarningMinutes = current.expiryWarningMinutes;
    const change = classifyPolicyChange(termsOf(current), terms);
    if (change.kind === "none") throw invalid("Nothing changed: this is the policy already in force.");

    // A change that was waiting is overtaken by this one: the owners judge the newest proposal.
    const superseded = await tx
      .update(policies)
      .set({ status: "superseded" })
      .where(and(eq(policies.resourceId, resource.id), eq(policies.status, "pending")))
      .returning({ id: policies.id, version: policies.version });
    await settlePolicyNotices(tx, resource.id, superseded.map((old) => old.version), now);
    for (const old of superseded) {
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "policy.superseded",
        occurredAt: now,
        resourceId: resource.id,
        details: { version: old.version, supersededBy: "a later save" },
      });
    }

    const [{ latest }] = await tx.select({ latest: max(policies.version) }).from(policies).where(eq(policies.resourceId, resource.id));
    const [saved] = await tx
      .insert(policies)
      .values({
        resourceId: resource.id,
        version: (latest ?? 0) + 1,
        status: change.kind === "tighten" ? "active" : "pending",
        ...terms,
        baseVersion: current.version,
        changeKind: change.kind,
        createdBy: actor.id,
        createdAt: now,
      })
      .returning();
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: change.kind === "tighten" ? "policy.changed" : "policy.proposed",
      occurredAt: now,
      resourceId: resource.id,
      details: { version: saved.version, baseVersion: current.version, kind: change.kind, changes: change.changes },
    });
    if (change.kind === "loosen") {
      const changes = change.changes.map((c) => `${POLICY_TERM_LABELS[c.field]} ${c.effect === "loosen" ? "loosened" : "tightened"}`);
      await notifyPolicyAwaitingConfirmation(tx, { resourceId: resource.id, version: saved.version, authorId: actor.id, changes, now });
    }
    return { policy: saved, kind: change.kind, change };
  });
}

/** Team and user ids are arrays (no foreign keys), so check each one names something real. */
async function assertReferencesExist(tx: Tx, terms: PolicyTerms): Promise<void> {
  const teamFields = ["eligibleTeamIds", "approverTeamIds", "breakGlassTeamIds"] as const;
  const teamIds = [...new Set(teamFields.flatMap((field) => terms[field]))];
  const knownTeams = teamIds.length ? new Set((await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, teamIds))).map((t) => t.id)) : new Set();
  const knownUsers = terms.eligibleUserIds.length
    ? new Set((await tx.select({ id: users.id }).from(users).where(inArray(users.id, terms.eligibleUserIds))).map((u) => u.id))
    : new Set();
  const knownWorkloads = terms.eligibleWorkloadIds.length
    ? new Set((await tx.select({ id: workloadIdentities.id }).from(workloadIdentities).where(inArray(workloadIdentities.id, terms.eligibleWorkloadIds))).map((w) => w.id))
    : new Set();
  const errors: FieldErrors = {};
  if (terms.eligibleWorkloadIds.some((id) => !knownWorkloads.has(id))) errors.eligibleWorkloadIds = ["One of the chosen workload identities does not exist any more."];
  for (const field of teamFields) {
    if (terms[field].some((id) => !knownTeams.has(id))) errors[field] = ["One of the chosen teams does not exist any more."];
  }
  if (terms.eligibleUserIds.some((id) => !knownUsers.has(id))) errors.eligibleUserIds = ["One of the chosen people does not exist any more."];
  if (Object.keys(errors).length) throw invalid("Some fields need attention.", errors);
}
