import "server-only";
// The API names resources by slug (or id). An unknown one resolves to an id nothing has, so
// the service answers exactly as for a resource the caller may not request: no existence leak.
import { eq, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { resources } from "@/db/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const NO_RESOURCE = "00000000-0000-0000-0000-000000000000";

export async function resolveResourceId(db: Executor, ref: string): Promise<string> {
  const [row] = await db
    .select({ id: resources.id })
    .from(resources)
    .where(UUID.test(ref) ? or(eq(resources.id, ref), eq(resources.slug, ref)) : eq(resources.slug, ref));
  return row?.id ?? NO_RESOURCE;
}
