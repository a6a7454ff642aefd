import "server-only";
// The teams a user is being put in, checked to exist (teams are never deleted, so the check
// cannot go stale before the memberships are written).
import { asc, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { teams } from "@/db/schema";
import { invalid } from "@/lib/errors";

export async function knownTeams(db: Executor, teamIds: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (teamIds.length === 0) return [];
  const rows = await db.select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, [...teamIds])).orderBy(asc(teams.name));
  if (rows.length !== new Set(teamIds).size) {
    throw invalid("Some fields need attention.", { teamIds: ["One of the chosen teams does not exist any more. Reload and try again."] });
  }
  return rows;
}

/** The names of `ids`, sorted, from rows that may list a team more than once. */
export function teamNamesOf(rows: readonly { id: string; name: string }[], ids: readonly string[]): string[] {
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return ids.map((id) => names.get(id) ?? id).sort();
}
