import "server-only";
// What message text needs to name things: the resource and people's email addresses.
import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { resources, users, type Resource } from "@/db/schema";

export async function resourceOf(db: Executor, resourceId: string): Promise<Pick<Resource, "id" | "slug" | "name" | "ownerTeamId">> {
  const [resource] = await db
    .select({ id: resources.id, slug: resources.slug, name: resources.name, ownerTeamId: resources.ownerTeamId })
    .from(resources)
    .where(eq(resources.id, resourceId));
  return resource;
}

export async function resourcesOf(db: Executor, resourceIds: readonly string[]): Promise<Map<string, Pick<Resource, "id" | "slug" | "name" | "ownerTeamId">>> {
  if (resourceIds.length === 0) return new Map();
  const rows = await db
    .select({ id: resources.id, slug: resources.slug, name: resources.name, ownerTeamId: resources.ownerTeamId })
    .from(resources)
    .where(inArray(resources.id, [...new Set(resourceIds)]));
  return new Map(rows.map((row) => [row.id, row]));
}

export async function emailOf(db: Executor, userId: string): Promise<string> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return user?.email ?? "someone";
}

export async function emailsOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, [...userIds]));
  return new Map(rows.map((row) => [row.id, row.email]));
}
