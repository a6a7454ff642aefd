import "server-only";
// The one guard every path that would give out access passes (a new request, an approval,
// an extension): the resource must not be frozen and its RACI must have no governance gap.
// Break-glass skips the gap check (DESIGN §2) but never a freeze.
import type { Executor } from "@/db/client";
import type { Resource } from "@/db/schema";
import type { ServiceError } from "@/lib/errors";
import { assertNoGovernanceGap } from "@/lib/raci/get-governance-gaps";

export async function assertAcceptingRequests(
  db: Executor,
  resource: Pick<Resource, "id" | "frozenAt" | "frozenReason">,
  refuse: (message: string) => ServiceError,
  options: { breakGlass?: boolean } = {},
): Promise<void> {
  if (resource.frozenAt) {
    throw refuse(`This resource is frozen${resource.frozenReason ? ` (${resource.frozenReason})` : ""}: it accepts no requests or extensions until its owner unfreezes it.`);
  }
  if (!options.breakGlass) await assertNoGovernanceGap(db, resource.id, refuse);
}
