import "server-only";
// The access is the grant itself: targets ask Lapse's access check, which answers from the
// clock and the ledger. Issue and revoke have nothing to change outside; verify reads the
// ledger back through the same rule the access check uses.
import { eq } from "drizzle-orm";
import { grants } from "@/db/schema";
import { isGrantLive } from "@/lib/lifecycle/grant-rules";
import type { Connector } from "./types";

export const recordOnlyConnector: Connector = {
  kind: "record-only",
  async issue() {
    return { details: { mode: "record-only" } };
  },
  async revoke() {},
  async verify(grant, { db, now }) {
    const [row] = await db
      .select({ status: grants.status, issuedAt: grants.issuedAt, expiresAt: grants.expiresAt, revokeRequestedAt: grants.revokeRequestedAt })
      .from(grants)
      .where(eq(grants.id, grant.id));
    const accessPresent = row ? isGrantLive(row, now) : false;
    return { accessPresent, details: { mode: "record-only", checkedAt: now.toISOString(), accessPresent } };
  },
};
