import "server-only";
// After an approved extension committed (the ledger's expires_at moved), tell the target:
// a PostgreSQL role's VALID UNTIL, a webhook receiver. Outside any transaction, its outcome
// an event of its own. A failure errs on the safe side: the target ends access at the old
// time, earlier than the ledger; the holder can ask again or an admin can look at the event.
import { eq } from "drizzle-orm";
import { grants } from "@/db/schema";
import { appendAuditEvent } from "@/lib/audit/append-event";
import { auditActor, ISSUER } from "@/lib/auth/actor";
import type { Deps } from "@/lib/deps";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import { log } from "@/lib/log";
import { describeConnectorError, principalsOf, toConnectorGrant } from "./connector-grant";
import { storeGrantSecret } from "./grant-secrets";

export type TargetExtendOutcome = "extended" | "failed" | "not-needed";

export async function extendOnTarget(grantId: string, deps: Deps): Promise<TargetExtendOutcome> {
  const now = deps.clock();
  const [grant] = await deps.db.select().from(grants).where(eq(grants.id, grantId));
  if (!grant || !grant.issuedAt || !grant.expiresAt || !isGrantLive(grant, now)) return "not-needed";
  const connector = deps.connectors.get(grant.connectorKind);
  if (!connector?.extend) return "not-needed";
  const target = toConnectorGrant(grant, await principalsOf(deps.db, [grant.principalUserId]), { issuedAt: grant.issuedAt, expiresAt: grant.expiresAt });
  const actor = auditActor(ISSUER);
  let outcome: TargetExtendOutcome;
  let details: Record<string, unknown>;
  let secret: Record<string, unknown> | undefined;
  try {
    const result = await connector.extend(target, grant.expiresAt, { db: deps.db, now });
    outcome = "extended";
    details = { connector: grant.connectorKind, expiresAt: grant.expiresAt.toISOString(), connectorResult: result.details };
    secret = result.secret;
    if (secret) details.credentials = "new credentials sealed for the holder, shown once";
  } catch (error) {
    outcome = "failed";
    const reason = describeConnectorError(error);
    log.warn({ grantId, reason }, "extending access on the target failed; the target keeps the earlier end");
    details = { connector: grant.connectorKind, expiresAt: grant.expiresAt.toISOString(), reason };
  }
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (secret) await storeGrantSecret(tx, grantId, secret, at, grant.expiresAt!);
    await appendAuditEvent(tx, {
      actor,
      action: outcome === "extended" ? "grant.target_extended" : "grant.target_extend_failed",
      occurredAt: at,
      resourceId: grant.resourceId,
      requestId: grant.requestId,
      grantId,
      details,
    });
  });
  return outcome;
}

/** Like extendOnTarget, but never throws: the extension already stands in the ledger. */
export async function extendOnTargetAfterApproval(grantId: string, deps: Deps): Promise<void> {
  try {
    await extendOnTarget(grantId, deps);
  } catch (error) {
    log.error({ grantId, err: error }, "extending access on the target failed unexpectedly");
  }
}
