// RFC 9457 problem documents for /api/v1. `type` is stable (clients branch on it); `detail`
// is a plain sentence; `errors` names the fields at fault. Never internals.
import type { FieldErrors } from "@/lib/errors";

export const PROBLEM_BASE = "https://lapse.dev/problems/";

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldErrors;
}

export function problemDocument(status: number, slug: string, detail: string, errors?: FieldErrors): ProblemDocument {
  return {
    type: `${PROBLEM_BASE}${slug}`,
    title: slug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()),
    status,
    detail,
    ...(errors && Object.keys(errors).length ? { errors } : {}),
  };
}

export function problemResponse(status: number, slug: string, detail: string, extra: { errors?: FieldErrors; headers?: Record<string, string> } = {}): Response {
  const body = problemDocument(status, slug, detail, extra.errors);
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...extra.headers },
  });
}
