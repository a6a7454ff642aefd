// Recognises database errors a service function turns into a message for the person, on
// both engines (postgres.js and PGlite put the SQLSTATE in `code`; drizzle wraps it in `cause`).
const UNIQUE_VIOLATION = "23505";

export function isUniqueViolation(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (current.code === UNIQUE_VIOLATION) return true;
    current = current.cause as typeof current;
  }
  return false;
}
