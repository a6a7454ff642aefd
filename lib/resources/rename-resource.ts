import "server-only";
// An admin renames a resource or changes its slug. Everything that belongs to it (grants,
// requests, policy, RACI, connector, evidence) refers to its immutable id, so nothing else
// changes: live grants keep working and the audit trail reads across the rename.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { resources } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type UserActor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { isUniqueViolation } from "@/lib/db-errors";
import type { Deps } from "@/lib/deps";
import { invalid, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export const renameResourceInput = z.object({
  resourceId: z.uuid({ error: "Unknown resource." }),
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(200, "Keep the name under 200 characters."),
  slug: z
    .string({ error: "Enter a slug." })
    .trim()
    .toLowerCase()
    .min(2, "Use at least 2 characters.")
    .max(60, "Use at most 60 characters.")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, such as payments-db-prod."),
});

const DUPLICATE = "Another resource already uses this slug.";

export async function renameResource(actor: UserActor, input: z.input<typeof renameResourceInput>, deps: Deps): Promise<{ slug: string; changed: boolean }> {
  authorize(actor, "admin.manage");
  const { resourceId, name, slug } = parseInput(renameResourceInput, input);
  const now = deps.clock();
  try {
    return await deps.db.transaction(async (tx) => {
      const [before] = await tx.select().from(resources).where(eq(resources.id, resourceId)).for("no key update");
      if (!before) throw notFound("No such resource.");
      if (before.name === name && before.slug === slug) return { slug, changed: false };
      await tx.update(resources).set({ name, slug }).where(eq(resources.id, resourceId));
      await appendAuditEvent(tx, {
        actor: auditActor(actor),
        action: "resource.renamed",
        occurredAt: now,
        resourceId,
        details: { before: { name: before.name, slug: before.slug }, after: { name, slug } },
      });
      return { slug, changed: true };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid("Some fields need attention.", { slug: [DUPLICATE] });
    throw error;
  }
}
