// Keyset cursors for reports ordered newest first by (time, id): encoded as one opaque string.
import { and, eq, lt, or, type AnyColumn, type SQL } from "drizzle-orm";

export function afterCursor(cursor: string | null, at: AnyColumn, id: AnyColumn): SQL | undefined {
  if (!cursor) return undefined;
  const [time, key] = cursor.split("|");
  const when = new Date(time);
  if (!key || Number.isNaN(when.getTime())) return undefined;
  return or(lt(at, when), and(eq(at, when), lt(id, key)));
}

export function cursorOf(rows: { at: Date; id: string }[], limit: number): string | null {
  if (rows.length <= limit) return null;
  const last = rows[limit - 1];
  return `${last.at.toISOString()}|${last.id}`;
}
