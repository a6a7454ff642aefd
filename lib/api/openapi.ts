// The OpenAPI 3.1 document of /api/v1, generated from the endpoints' zod schemas (JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is).
import { z } from "zod";
import type { ApiEndpoint } from "./endpoint";
import { problemResponse } from "./schemas";

// Named schemas (zod .meta({ id })) come back as $defs; they move to components.schemas.
let components: Record<string, unknown> = {};

/**
 * A zod schema's input side as JSON Schema: what a caller may send. Transforms, refinements and
 * other checks JSON Schema cannot say become `{}` or are left out. Also read by the fuzz tests,
 * which derive their inputs from it (test/schema-arbitraries.ts).
 */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any", reused: "inline" }) as Record<string, unknown>;
}

function schemaOf(schema: z.ZodType): Record<string, unknown> {
  const generated = inputJsonSchema(schema);
  const rewritten = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  const { $defs, ...rest } = rewritten as { $defs?: Record<string, unknown> };
  Object.assign(components, $defs ?? {});
  return rest;
}

function strip(schema: Record<string, unknown>) {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

const PROBLEM = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

export function buildOpenApi(endpoints: readonly ApiEndpoint[], serverUrl: string) {
  components = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const pathParams = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string", format: "uuid" } }));
    const queryParams = e.query
      ? Object.entries((strip(schemaOf(e.query)).properties ?? {}) as Record<string, Record<string, unknown>>).map(([name, schema]) => ({
          name,
          in: "query",
          required: ((strip(schemaOf(e.query!)).required ?? []) as string[]).includes(name),
          schema,
          ...(schema.description ? { description: schema.description } : {}),
        }))
      : [];
    const headerParams = e.method === "POST" ? [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "A retry with the same key returns the first result." }] : [];
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      operationId: e.operationId,
      summary: e.summary,
      tags: [e.tag],
      parameters: [...pathParams, ...queryParams, ...headerParams],
      ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: strip(schemaOf(e.body)) } } } } : {}),
      responses: {
        [String(e.status ?? 200)]: { description: "OK", content: { "application/json": { schema: strip(schemaOf(e.response)) } } },
        "400": { description: "Invalid input", content: PROBLEM },
        "401": { description: "Not authenticated (missing, expired or unverifiable token)", content: PROBLEM },
        "403": { description: "Not allowed (roles, eligibility, claim conditions)", content: PROBLEM },
        "404": { description: "Not found (or not yours)", content: PROBLEM },
        "409": { description: "Conflict with the current state", content: PROBLEM },
        "429": { description: "Rate limited; see Retry-After", content: PROBLEM },
      },
    };
  }
  schemaOf(problemResponse); // registers Problem (it has an id) with the other named schemas
  return {
    openapi: "3.1.0",
    info: {
      title: "Lapse API",
      version: "1",
      description:
        "Just-in-time access for people and machines. Authenticate with `Authorization: Bearer` and a personal API token, a workload API key, or a workload's OIDC token. Durations are ISO 8601 (PT15M); errors are application/problem+json with a stable `type`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    tags: [
      { name: "requests", description: "Ask for access, follow and decide requests" },
      { name: "grants", description: "Access you hold" },
      { name: "access", description: "For target systems" },
      { name: "audit", description: "For auditors" },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "lapse_pat_… / lapse_wlk_… token, or an OIDC JWT" } },
      schemas: { ...components },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof buildOpenApi>;
