import "server-only";
// Open drift findings on one resource, for the people who govern it (owners of the resource,
// admins); a resource the actor does not govern yields nothing.
import { and, desc, eq, isNull } from "drizzle-orm";
import { driftFindings, resources } from "@/db/schema";
import type { UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { governedResourcesCondition } from "@/lib/resources/governed-resources";

export interface DriftFindingView {
  id: string;
  grantId: string | null;
  subject: string;
  detectedAt: string;
  reason: string;
}

export async function listOpenDriftFindings(actor: UserActor, slug: string, deps: Pick<Deps, "db">): Promise<DriftFindingView[]> {
  authorize(actor, "owner.read");
  const rows = await deps.db
    .select({ finding: driftFindings })
    .from(driftFindings)
    .innerJoin(resources, eq(resources.id, driftFindings.resourceId))
    .where(and(eq(resources.slug, slug), isNull(driftFindings.resolvedAt), governedResourcesCondition(actor)))
    .orderBy(desc(driftFindings.detectedAt))
    .limit(50);
  return rows.map(({ finding }) => ({
    id: finding.id,
    grantId: finding.grantId,
    subject: finding.subject,
    detectedAt: finding.detectedAt.toISOString(),
    reason: typeof finding.evidence.reason === "string" ? finding.evidence.reason : "access present on the target",
  }));
}
