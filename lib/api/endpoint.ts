// One /api/v1 operation: its method and path, its zod schemas (which also make the OpenAPI
// document) and what it runs. `run` only calls service functions, which check permissions.
import type { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import type { Deps } from "@/lib/deps";

export interface ApiCall<B, Q> {
  actor: Actor;
  deps: Deps;
  params: Record<string, string>;
  body: B;
  query: Q;
}

export interface ApiEndpoint<B = unknown, Q = unknown> {
  operationId: string;
  method: "GET" | "POST";
  /** OpenAPI style, e.g. /requests/{id} */
  path: string;
  summary: string;
  tag: "requests" | "grants" | "access" | "audit";
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  response: z.ZodType;
  /** 201 for creations. */
  status?: number;
  /** Service field names → API field names, for problem `errors`. */
  fieldNames?: Record<string, string>;
  /**
   * The answer holds a secret shown once (credentials): an Idempotency-Key replay must not
   * keep it. Only the status is stored, and a retry is told the answer is not kept.
   */
  secretAnswer?: boolean;
  run(call: ApiCall<B, Q>): Promise<unknown>;
}

export const defineEndpoint = <B, Q>(endpoint: ApiEndpoint<B, Q>) => endpoint as ApiEndpoint<unknown, unknown>;
