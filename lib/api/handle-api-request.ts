import "server-only";
// The /api/v1 pipeline for every operation: match the route, authenticate the bearer, count
// the call against the principal's rate limit, replay or reserve an Idempotency-Key, validate
// the input with the endpoint's zod schema, run it, and turn every refusal into a problem
// document. Unexpected failures are logged and answered 500 without internals.
import { principalOf } from "@/lib/auth/actor";
import type { Deps } from "@/lib/deps";
import { ServiceError, type FieldErrors } from "@/lib/errors";
import { log } from "@/lib/log";
import { parseInput } from "@/lib/validation";
import { BearerError } from "@/lib/workloads/oidc-verifier";
import { authenticateBearer } from "./authenticate";
import type { ApiEndpoint } from "./endpoint";
import { API_ENDPOINTS } from "./endpoints";
import { completeIdempotencyKey, fingerprintOf, releaseIdempotencyKey, reserveIdempotencyKey } from "./idempotency";
import { buildOpenApi } from "./openapi";
import { problemDocument, problemResponse } from "./problem";
import { consumeRateLimit, isRateLimitExempt, rateLimitPerMinute } from "./rate-limit";

export const API_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 64 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApiDeps extends Deps {
  rateLimit?: number;
  /** Overrides LAPSE_API_RATE_LIMIT_EXEMPT (tests). */
  rateLimitExempt?: string;
}

// Each operation's path as a regular expression, compiled once rather than on every call.
const MATCHERS = new Map(
  API_ENDPOINTS.map((endpoint) => {
    const names: string[] = [];
    const pattern = new RegExp(`^${endpoint.path.replace(/\{(\w+)\}/g, (_, name) => (names.push(name), "([^/]+)"))}/?$`);
    return [endpoint, { pattern, names }] as const;
  }),
);

function match(endpoint: ApiEndpoint, path: string): Record<string, string> | null {
  const { pattern, names } = MATCHERS.get(endpoint)!;
  const found = pattern.exec(path);
  if (!found) return null;
  return Object.fromEntries(names.map((name, i) => [name, safeDecode(found[i + 1])]));
}

/** A malformed escape stays as written; it then fails the id check like any other garbage. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// step_up_required is a 403, not a 401: a token is not a recent sign-in, and sending it again
// cannot make it one. Decisions and break-glass need a person in the portal.
const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409, step_up_required: 403 } as const;
const SLUG = { invalid: "invalid-request", forbidden: "forbidden", not_found: "not-found", conflict: "conflict", step_up_required: "step-up-required" } as const;

function renameFields(errors: FieldErrors, names: Record<string, string> = {}): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) (out[names[field] ?? field] ??= []).push(...messages);
  return out;
}

function serviceProblem(error: ServiceError, endpoint: ApiEndpoint): Response {
  if (error.reason === "not_eligible") return problemResponse(403, "not-eligible", error.message, { errors: renameFields(error.fieldErrors, endpoint.fieldNames) });
  return problemResponse(STATUS[error.code], SLUG[error.code], error.message, { errors: renameFields(error.fieldErrors, endpoint.fieldNames) });
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "cache-control": "no-store", ...headers } });

export async function handleApiRequest(request: Request, deps: ApiDeps): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  if (request.method === "GET" && path === "/openapi.json") {
    return json(200, buildOpenApi(API_ENDPOINTS, `${url.origin}${API_PREFIX}`), { "cache-control": "public, max-age=300" });
  }
  const candidates = API_ENDPOINTS.map((endpoint) => ({ endpoint, params: match(endpoint, path) })).filter((c) => c.params);
  const found = candidates.find((c) => c.endpoint.method === request.method);
  if (!found) {
    return candidates.length
      ? problemResponse(405, "method-not-allowed", `Use ${candidates.map((c) => c.endpoint.method).join(" or ")} on this path.`, { headers: { allow: candidates.map((c) => c.endpoint.method).join(", ") } })
      : problemResponse(404, "not-found", "There is no such API operation; see /api/v1/openapi.json.");
  }
  const { endpoint, params } = found as { endpoint: ApiEndpoint; params: Record<string, string> };
  for (const [name, value] of Object.entries(params)) {
    if (!UUID.test(value)) return problemResponse(404, "not-found", `No such ${endpoint.tag === "grants" ? "grant" : "request"}: ${name} must be an id (a UUID).`);
  }

  const now = deps.clock();
  let actor;
  try {
    actor = await authenticateBearer(deps.db, request.headers.get("authorization"), now);
  } catch (error) {
    if (error instanceof BearerError) {
      return problemResponse(error.status, error.slug, error.message, error.status === 401 ? { headers: { "www-authenticate": `Bearer realm="lapse", error="invalid_token"` } } : {});
    }
    log.error({ err: error }, "API authentication failed");
    return problemResponse(500, "internal-error", "Something went wrong on our side.");
  }
  const principal = principalOf(actor);

  // An exempt principal is not counted at all: no write per call on its hot counter row.
  const rate = isRateLimitExempt(principal, deps.rateLimitExempt) ? null : await consumeRateLimit(deps.db, principal, now, deps.rateLimit ?? rateLimitPerMinute());
  const rateHeaders: Record<string, string> = rate ? { "ratelimit-limit": String(rate.limit), "ratelimit-remaining": String(rate.remaining) } : {};
  if (rate && !rate.allowed) {
    return problemResponse(429, "rate-limited", `Too many calls from ${principal}; try again in ${rate.retryAfterSeconds} s.`, { headers: { ...rateHeaders, "retry-after": String(rate.retryAfterSeconds) } });
  }

  let rawBody = "";
  if (request.method === "POST") {
    if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return problemResponse(413, "body-too-large", "The request body is larger than 64 KiB.");
    rawBody = await request.text();
    if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return problemResponse(413, "body-too-large", "The request body is larger than 64 KiB.");
  }
  const idempotencyKey = request.method === "POST" ? request.headers.get("idempotency-key") : null;
  if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 255)) {
    return problemResponse(400, "invalid-idempotency-key", "An Idempotency-Key is 1 to 255 characters.");
  }
  if (idempotencyKey) {
    const reservation = await reserveIdempotencyKey(deps.db, principal, idempotencyKey, fingerprintOf(request.method, path, rawBody), now);
    if (reservation.kind === "replay") {
      const headers = { ...rateHeaders, "idempotent-replayed": "true", ...(reservation.status >= 400 ? { "content-type": "application/problem+json" } : {}) };
      return json(reservation.status, reservation.body, headers);
    }
    if (reservation.kind === "mismatch") return problemResponse(422, "idempotency-key-reused", "This Idempotency-Key was used for a different request.");
    if (reservation.kind === "in-progress") return problemResponse(409, "idempotency-in-progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
  }

  const response = await execute(endpoint, { request, url, params, rawBody, actor, deps });
  if (idempotencyKey) {
    if (response.status >= 500) await releaseIdempotencyKey(deps.db, principal, idempotencyKey);
    else if (endpoint.secretAnswer && response.ok) {
      // Never at rest in the idempotency table: a retry learns the answer was given and not kept.
      await completeIdempotencyKey(deps.db, principal, idempotencyKey, 409, problemDocument(409, "secret-not-replayed", "The first request with this Idempotency-Key received the credentials; they are shown once and not kept for replay."));
    } else await completeIdempotencyKey(deps.db, principal, idempotencyKey, response.status, await response.clone().json());
  }
  for (const [name, value] of Object.entries(rateHeaders)) response.headers.set(name, value);
  return response;
}

async function execute(
  endpoint: ApiEndpoint,
  call: { request: Request; url: URL; params: Record<string, string>; rawBody: string; actor: Awaited<ReturnType<typeof authenticateBearer>>; deps: Deps },
): Promise<Response> {
  try {
    let body: unknown = undefined;
    if (endpoint.body) {
      let parsed: unknown = {};
      if (call.rawBody.trim()) {
        try {
          parsed = JSON.parse(call.rawBody);
        } catch {
          return problemResponse(400, "malformed-json", "The request body is not valid JSON.");
        }
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return problemResponse(400, "invalid-request", "The request body must be a JSON object.");
      body = parseInput(endpoint.body, parsed);
    }
    const query = endpoint.query ? parseInput(endpoint.query, Object.fromEntries(call.url.searchParams)) : undefined;
    const result = await endpoint.run({ actor: call.actor, deps: call.deps, params: call.params, body, query });
    return json(endpoint.status ?? 200, result);
  } catch (error) {
    if (error instanceof ServiceError) return serviceProblem(error, endpoint);
    log.error({ err: error, operation: endpoint.operationId }, "API operation failed");
    return problemResponse(500, "internal-error", "Something went wrong on our side.");
  }
}
