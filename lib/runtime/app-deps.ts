import "server-only";
// The real dependencies of the running app: its database, the wall clock, built-in connectors.
import { getDbHandle } from "@/db/client";
import { defaultConnectors } from "@/lib/connectors/registry";
import type { Deps } from "@/lib/deps";

export const systemClock = () => new Date();

export async function appDeps(): Promise<Deps> {
  const { db } = await getDbHandle();
  return { db, clock: systemClock, connectors: defaultConnectors };
}
