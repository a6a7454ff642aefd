// The rows of a raw `db.execute(sql…)`: postgres.js answers an array of rows, PGlite an
// object holding them. Column values come as each driver parses them.
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
