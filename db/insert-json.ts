// Many rows as one INSERT whose values travel as a single JSON parameter, read back by the
// database with jsonb_to_recordset. Drizzle's `.values()` makes a parameter per cell and
// type-checks each one as it builds the statement: a sweep ending 10,000 grants spent about
// 0.9 s of CPU there (its audit events and notifications), against a few milliseconds for
// one JSON text. Used where rows come by the hundred; single rows keep `.values()`.
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

type Row<T extends PgTable> = T["$inferInsert"];

/**
 * `insert into <table> (<columns>) select … from jsonb_to_recordset($1)`, with `tail` (an ON
 * CONFLICT or RETURNING clause) appended. The columns are those of the first row: every row
 * must name the same ones (a column left out takes its default in the database).
 */
export function insertFromJson<T extends PgTable>(table: T, rows: readonly Row<T>[], tail?: SQL): SQL {
  if (rows.length === 0) throw new Error("insertFromJson needs at least one row");
  const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const keys = Object.keys(rows[0]).filter((key) => (rows[0] as Record<string, unknown>)[key] !== undefined);
  for (const key of keys) if (!all[key]) throw new Error(`insertFromJson: ${key} is not a column`);
  const columns = keys.map((key) => all[key]);
  const keySet = new Set(keys);
  const payload = rows.map((row) => {
    const named = Object.keys(row).filter((key) => (row as Record<string, unknown>)[key] !== undefined);
    // A column missing from one row would be NULL there, not its default: refuse rather than guess.
    if (named.length !== keys.length || named.some((key) => !keySet.has(key))) {
      throw new Error(`insertFromJson: every row must name the same columns (${keys.join(", ")})`);
    }
    const record: Record<string, unknown> = {};
    for (const key of keys) {
      const value = (row as Record<string, unknown>)[key];
      // A Date as its ISO text (exact to the millisecond, as timestamptz reads it back).
      record[all[key].name] = value instanceof Date ? value.toISOString() : (value ?? null);
    }
    return record;
  });
  const names = sql.raw(columns.map((c) => `"${c.name}"`).join(", "));
  const types = sql.raw(columns.map((c) => `"${c.name}" ${c.getSQLType()}`).join(", "));
  return sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(${types}) ${tail ?? sql``}`;
}
