// Bulk loading with COPY: rows are written as PostgreSQL's text format, in chunks, with
// backpressure, so a million rows never sit in memory at once.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";

export type CopyValue = string | number | boolean | null | Date;

/** One field in COPY's text format: \N for null, backslash escapes for the separators. */
function field(value: CopyValue): string {
  if (value === null) return "\\N";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

export const copyLine = (values: readonly CopyValue[]) => `${values.map(field).join("\t")}\n`;

/** Streams the rows a generator yields into `table` (columns in the generator's order). */
export async function copyRows(sql: postgres.Sql, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  let count = 0;
  function* chunks() {
    let chunk = "";
    for (const row of rows) {
      chunk += copyLine(row);
      count++;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = "";
      }
    }
    if (chunk) yield chunk;
  }
  const writable = await sql.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
  await pipeline(Readable.from(chunks()), writable);
  return count;
}
