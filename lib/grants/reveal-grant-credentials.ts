import "server-only";
// The holder of a live grant sees the credentials its connector produced, once. The sealed
// envelope is deleted by the same statement that reads it, so a second look (or a second
// tab racing the first) finds nothing; the event records that they were shown, not what.
import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { grants, grantSecrets } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { authorize } from "@/lib/auth/permissions";
import { workloadEvidence } from "@/lib/auth/workload-evidence";
import { openJson } from "@/lib/crypto/secret-box";
import type { Deps } from "@/lib/deps";
import { notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { grantSecretContext } from "./grant-secrets";

const revealInput = z.object({ grantId: z.uuid({ error: "Unknown grant." }) });

export async function revealGrantCredentials(actor: Actor, input: { grantId: string }, deps: Deps): Promise<Record<string, unknown>> {
  authorize(actor, "grant.read-own");
  const { grantId } = parseInput(revealInput, input);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const ownLiveGrant = tx
      .select({ id: grants.id })
      .from(grants)
      .where(and(eq(grants.id, grantId), eq(grants.principalUserId, actor.id), eq(grants.status, "active"), gt(grants.expiresAt, now), isNull(grants.revokeRequestedAt)));
    const [taken] = await tx
      .delete(grantSecrets)
      .where(and(eq(grantSecrets.grantId, grantId), inArray(grantSecrets.grantId, ownLiveGrant)))
      .returning({ ciphertext: grantSecrets.ciphertext });
    if (!taken) throw notFound("There are no connection details waiting for you on this grant (they are shown only once).");
    const [grant] = await tx.select({ resourceId: grants.resourceId, requestId: grants.requestId }).from(grants).where(eq(grants.id, grantId));
    await appendAuditEvent(tx, {
      actor: auditActor(actor),
      action: "grant.credentials_revealed",
      occurredAt: now,
      resourceId: grant.resourceId,
      requestId: grant.requestId,
      grantId,
      details: { ...workloadEvidence(actor) },
    });
    return openJson<Record<string, unknown>>(taken.ciphertext, grantSecretContext(grantId));
  });
}
