// Pure rules of an extension: how much more time a grant may get under a policy version.
// A grant's total length is its granted duration plus every approved extension; the
// policy's maximum total caps it. Shared by the services, the read models and the UI.
import type { ExtensionStatus, Policy } from "@/db/schema";
import { formatMinutes } from "@/lib/lifecycle/duration";

export type ExtensionPolicy = Pick<Policy, "extensionsAllowed" | "maxTotalMinutes" | "maxDurationMinutes" | "accessLevels">;

export interface ExtendableGrant {
  durationMinutes: number;
  extendedMinutes: number;
  accessLevel: string;
}

export const EXTENSIONS_NOT_ALLOWED = "This resource's policy does not allow extensions.";
export const HOLDER_NOT_ELIGIBLE = "You are no longer eligible to request access to this resource, so this grant cannot be extended.";

export const EXTENSION_STATUS_LABELS: Record<ExtensionStatus, string> = {
  pending: "pending",
  approved: "approved",
  denied: "denied",
  cancelled: "cancelled",
  void: "void (the grant ended first)",
  timed_out: "timed out",
};

export function grantTotalMinutes(grant: Pick<ExtendableGrant, "durationMinutes" | "extendedMinutes">): number {
  return grant.durationMinutes + grant.extendedMinutes;
}

/**
 * The longest a grant may last in total, extensions included; null while extensions are off.
 * A policy that allows extensions without naming a total fails closed: no time beyond the
 * maximum duration.
 */
export function maxTotalMinutesOf(policy: ExtensionPolicy): number | null {
  if (!policy.extensionsAllowed) return null;
  return policy.maxTotalMinutes ?? policy.maxDurationMinutes;
}

/** Minutes that may still be added to this grant under this policy (0 when none). */
export function remainingExtensionMinutes(policy: ExtensionPolicy, grant: ExtendableGrant): number {
  const cap = maxTotalMinutesOf(policy);
  return cap === null ? 0 : Math.max(0, cap - grantTotalMinutes(grant));
}

/** Why this grant can get no more time at all under this policy, or null when it can. */
export function extensionBlock(policy: ExtensionPolicy, grant: ExtendableGrant): string | null {
  if (!policy.extensionsAllowed) return EXTENSIONS_NOT_ALLOWED;
  if (!policy.accessLevels.includes(grant.accessLevel)) {
    return `The policy no longer offers the ${grant.accessLevel} level, so this grant cannot be extended.`;
  }
  if (remainingExtensionMinutes(policy, grant) === 0) {
    return `This grant already lasts ${formatMinutes(grantTotalMinutes(grant))}, the most the policy allows in total, so no more time can be added.`;
  }
  return null;
}

/** What is wrong with asking for `minutes` more (for the minutes field), or null when it fits. */
export function checkExtensionMinutes(policy: ExtensionPolicy, grant: ExtendableGrant, minutes: number): string | null {
  const block = extensionBlock(policy, grant);
  if (block) return block;
  const remaining = remainingExtensionMinutes(policy, grant);
  if (minutes <= remaining) return null;
  return `At most ${formatMinutes(remaining)} more: this grant already lasts ${formatMinutes(grantTotalMinutes(grant))} and the policy allows ${formatMinutes(maxTotalMinutesOf(policy)!)} in total.`;
}
