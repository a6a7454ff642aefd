// Where to send someone after signing in or confirming it's them: only a path on this site,
// so a crafted link cannot bounce people to another one ("//evil", "/\evil" and full URLs
// are refused).
export function safeNextPath(value: string | undefined | null, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value.slice(0, 2000);
}
