// A point in time inside raw SQL. postgres.js cannot bind a Date outside a typed column
// comparison, so the value goes in as ISO 8601 text with an explicit timestamptz cast.
import { sql } from "drizzle-orm";

export const sqlTime = (at: Date) => sql`${at.toISOString()}::timestamptz`;
