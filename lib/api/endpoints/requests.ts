import "server-only";
// /api/v1/requests: create, read, cancel, approve, deny — the same service functions as the portal.
import { z } from "zod";
import { authorize } from "@/lib/auth/permissions";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { createRequest } from "@/lib/requests/create-request";
import { decideRequest } from "@/lib/requests/decide-request";
import type { Decision } from "@/db/schema";
import { defineEndpoint, type ApiCall } from "../endpoint";
import { getOwnRequest } from "../read-own";
import { resolveResourceId } from "../resolve-resource";
import { createRequestBody, decisionBody, emptyBody, requestResponse } from "../schemas";

const FIELD_NAMES = { resourceId: "resource", durationMinutes: "duration", breakGlass: "resource" };

export const createRequestEndpoint = defineEndpoint({
  operationId: "createRequest",
  method: "POST",
  path: "/requests",
  summary: "Ask for time-boxed access. Auto-approved requests come back with their grant.",
  tag: "requests",
  body: createRequestBody,
  response: requestResponse,
  status: 201,
  fieldNames: FIELD_NAMES,
  async run({ actor, deps, body }: ApiCall<z.output<typeof createRequestBody>, unknown>) {
    const resourceId = await resolveResourceId(deps.db, body.resource);
    const pipeline = body.pipeline ? Object.fromEntries(Object.entries(body.pipeline).filter(([, v]) => v)) as Record<string, string> : null;
    const created = await createRequest(
      actor,
      { resourceId, accessLevel: body.accessLevel, durationMinutes: body.duration, justification: body.justification, ticket: body.ticket },
      deps,
      { pipeline, channel: "api" },
    );
    return getOwnRequest(actor, { requestId: created.id }, deps);
  },
});

export const getRequestEndpoint = defineEndpoint({
  operationId: "getRequest",
  method: "GET",
  path: "/requests/{id}",
  summary: "One of your own requests, with its grant once issued.",
  tag: "requests",
  response: requestResponse,
  run: ({ actor, deps, params }) => getOwnRequest(actor, { requestId: params.id }, deps),
});

export const cancelRequestEndpoint = defineEndpoint({
  operationId: "cancelRequest",
  method: "POST",
  path: "/requests/{id}/cancel",
  summary: "Withdraw your own pending request.",
  tag: "requests",
  body: emptyBody,
  response: requestResponse,
  async run({ actor, deps, params }) {
    await cancelRequest(actor, { requestId: params.id }, deps);
    return getOwnRequest(actor, { requestId: params.id }, deps);
  },
});

const decide = (decision: Decision) =>
  async ({ actor, deps, params, body }: ApiCall<z.output<typeof decisionBody>, unknown>) => {
    // People decide; a workload never does (the permission table says so).
    authorize(actor, "request.decide");
    if (actor.kind !== "user") throw new Error("unreachable: only people may decide");
    const result = await decideRequest(actor, decision, { requestId: params.id, comment: body.comment }, deps);
    return {
      outcome: result.outcome,
      requestId: result.request.id,
      status: result.request.status,
      ...(result.outcome === "approved" ? { grantId: result.grantId } : {}),
      ...(result.outcome === "awaiting-more" ? { approvals: result.approvals, required: result.required } : {}),
    };
  };

const decisionResponse = z.object({
  outcome: z.enum(["approved", "awaiting-more", "denied"]),
  requestId: z.uuid(),
  status: z.string(),
  grantId: z.uuid().optional(),
  approvals: z.number().int().optional(),
  required: z.number().int().optional(),
});

export const approveRequestEndpoint = defineEndpoint({
  operationId: "approveRequest",
  method: "POST",
  path: "/requests/{id}/approve",
  summary: "Approve a request you may decide (approver role, approver team; never your own). Deciding needs a recent sign-in: use a decision token (made on Your account right after signing in, it expires with that sign-in); any other token is answered 403 step-up-required.",
  tag: "requests",
  body: decisionBody,
  response: decisionResponse,
  run: decide("approve"),
});

export const denyRequestEndpoint = defineEndpoint({
  operationId: "denyRequest",
  method: "POST",
  path: "/requests/{id}/deny",
  summary: "Deny a request you may decide. Like approving, needs a decision token; any other token is answered 403 step-up-required.",
  tag: "requests",
  body: decisionBody,
  response: decisionResponse,
  run: decide("deny"),
});
