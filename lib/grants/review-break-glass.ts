import "server-only";
// The control owner team reviews each break-glass grant after the fact (DESIGN §4): accepted,
// or escalated with a comment. Never by the person who broke the glass. One conditional
// UPDATE: the grant must be break-glass, unreviewed, on a resource the reviewer owns.
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { REVIEW_OUTCOMES } from "@/db/enums";
import { grants, resources, type Grant } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import type { Deps } from "@/lib/deps";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { ownedResourcesCondition } from "@/lib/resources/governed-resources";
import { parseInput } from "@/lib/validation";

const reviewInput = z
  .object({
    grantId: z.uuid({ error: "Unknown grant." }),
    outcome: z.enum(REVIEW_OUTCOMES, { error: "Choose accept or escalate." }),
    comment: z.string().trim().max(1000, "Keep the comment under 1000 characters.").default(""),
  })
  .refine((input) => input.outcome !== "escalated" || input.comment.length >= 3, {
    path: ["comment"],
    message: "Say why you escalate: what must happen next.",
  });

export async function reviewBreakGlass(
  actor: UserActor,
  input: { grantId: string; outcome: string; comment?: string },
  deps: Deps,
): Promise<Grant> {
  authorize(actor, "exception.review");
  const { grantId, outcome, comment } = parseInput(reviewInput, input);
  const now = deps.clock();
  const owned = inArray(grants.resourceId, deps.db.select({ id: resources.id }).from(resources).where(ownedResourcesCondition(actor)));
  return deps.db.transaction(async (tx) => {
    const [reviewed] = await tx
      .update(grants)
      .set({ reviewedAt: now, reviewedBy: actor.id, reviewOutcome: outcome, reviewComment: comment })
      .where(and(eq(grants.id, grantId), eq(grants.breakGlass, true), isNull(grants.reviewedAt), ne(grants.principalUserId, actor.id), owned))
      .returning();
    if (!reviewed) {
      const [grant] = await tx.select().from(grants).where(and(eq(grants.id, grantId), eq(grants.breakGlass, true), owned));
      if (!grant) throw notFound("No such break-glass grant.");
      if (grant.principalUserId === actor.id) throw forbidden("You broke the glass yourself: another owner must review it.");
      throw conflict("This break-glass grant has already been reviewed.");
    }
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "grant.reviewed",
      occurredAt: now,
      resourceId: reviewed.resourceId,
      requestId: reviewed.requestId,
      grantId: reviewed.id,
      details: {
        outcome,
        comment,
        reviewDueAt: reviewed.reviewDueAt?.toISOString() ?? null,
        onTime: reviewed.reviewDueAt ? now.getTime() <= reviewed.reviewDueAt.getTime() : null,
      },
    });
    return reviewed;
  });
}
