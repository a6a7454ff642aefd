import "server-only";
import { eq } from "drizzle-orm";
import { users, type Grant } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ConnectorGrant } from "@/lib/connectors/types";

/** What a connector is told about a grant; the principal is written `user:<email>`. */
export async function toConnectorGrant(
  db: Executor,
  grant: Grant,
  window: { issuedAt: Date; expiresAt: Date },
): Promise<ConnectorGrant> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, grant.principalUserId));
  return {
    id: grant.id,
    resourceId: grant.resourceId,
    principal: `user:${user?.email ?? grant.principalUserId}`,
    accessLevel: grant.accessLevel,
    issuedAt: window.issuedAt,
    expiresAt: window.expiresAt,
  };
}

/** A short, non-secret description of a connector failure for the ledger and the audit log. */
export function describeConnectorError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
}
