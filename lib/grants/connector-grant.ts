import "server-only";
import { inArray } from "drizzle-orm";
import { users, type Grant } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { ConnectorGrant } from "@/lib/connectors/types";

/** Principals (`user:<email>`, `workload:<name>`) of the given users, in one query, keyed by user id. */
export async function principalsOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ id: users.id, kind: users.kind, name: users.name, email: users.email }).from(users).where(inArray(users.id, [...new Set(userIds)]));
  return new Map(rows.map((row) => [row.id, principalNameOf(row)]));
}

/** How targets and tokens name a principal row: `user:<email>`, or `workload:<name>`. */
export function principalNameOf(row: Pick<typeof users.$inferSelect, "kind" | "name" | "email">): string {
  // A workload's principal row is named workload:<name>; its email is a placeholder.
  return row.kind === "workload" ? row.name : `user:${row.email}`;
}

/** What a connector is told about a grant. */
export function toConnectorGrant(
  grant: Grant,
  principals: ReadonlyMap<string, string>,
  window: { issuedAt: Date; expiresAt: Date },
): ConnectorGrant {
  return {
    id: grant.id,
    resourceId: grant.resourceId,
    principal: principals.get(grant.principalUserId) ?? `user:${grant.principalUserId}`,
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
