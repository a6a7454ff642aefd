import "server-only";
// Grants whose issuance failed (or whose issuer died) are issued again once their backoff is over.
import { and, asc, inArray, isNull, lte, or } from "drizzle-orm";
import { grants } from "@/db/schema";
import { mapWithConcurrency } from "@/lib/concurrency";
import type { Deps } from "@/lib/deps";
import { GRANT_TRANSITIONS } from "@/lib/lifecycle/transitions";
import { issueGrant } from "./issue-grant";

export async function retryPendingIssuance(deps: Deps, limit = 100): Promise<{ issued: number; failed: number }> {
  const now = deps.clock();
  const waiting = await deps.db
    .select({ id: grants.id })
    .from(grants)
    .where(
      and(
        inArray(grants.status, GRANT_TRANSITIONS.issue.from),
        or(isNull(grants.nextIssueAt), lte(grants.nextIssueAt, now)),
        or(isNull(grants.leaseUntil), lte(grants.leaseUntil, now)),
        // A grant ended before issuance is never issued; the revocation sweep closes it.
        isNull(grants.revokeRequestedAt),
      ),
    )
    .orderBy(asc(grants.createdAt))
    .limit(limit);
  // issueGrant claims each grant with a conditional update, so a grant another worker
  // took in the meantime is skipped rather than issued twice.
  const outcomes = await mapWithConcurrency(waiting, 8, ({ id }) => issueGrant(id, deps));
  return {
    issued: outcomes.filter((o) => o === "issued").length,
    failed: outcomes.filter((o) => o === "failed").length,
  };
}
