// Plain formatting for message text: times in UTC with the zone written out (a message is
// read in many places; the portal shows local time).
export function formatUtc(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function absoluteLink(base: string, path: string): string {
  return `${base}${path.startsWith("/") ? path : `/${path}`}`;
}
