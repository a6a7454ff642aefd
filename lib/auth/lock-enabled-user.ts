import "server-only";
// Inside a transaction that acts for a user: confirms the account is still enabled and holds
// a share lock on its row until commit. Disabling takes a stronger lock on the same row, so
// the two queue up: a request is either refused (already disabled) or made before the
// disable, which then ends it. Without this, a request begun just before the account was
// disabled could slip in after offboarding.
import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { users } from "@/db/schema";

export async function lockEnabledUser(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.disabled, false))).for("share");
  return row !== undefined;
}
