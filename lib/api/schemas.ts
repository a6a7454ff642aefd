// The /api/v1 request and response shapes, as zod schemas: they validate input and generate
// the OpenAPI document, so the two never disagree. Bodies are strict: an unknown field (say,
// a "requester" the client would like to be) is refused, never ignored.
import { z } from "zod";
import { REQUEST_STATUSES, GRANT_STATUSES } from "@/db/enums";
import { isoDurationField } from "./duration-field";

const text = (max: number, label: string) => z.string({ error: `${label} must be text.` }).trim().max(max, `${label} must be at most ${max} characters.`);

export const pipelineContext = z
  .strictObject({
    repository: text(200, "pipeline.repository").optional(),
    runId: text(100, "pipeline.runId").optional(),
    commit: text(100, "pipeline.commit").optional(),
    workflow: text(200, "pipeline.workflow").optional(),
  })
  .meta({ description: "What the pipeline says about its run. Recorded as context beside the authenticated workload; never used to identify it." });

export const createRequestBody = z
  .strictObject({
    resource: z.string({ error: "Name the resource (its slug or id)." }).trim().min(1, "Name the resource (its slug or id).").max(200),
    accessLevel: z.string({ error: "Name the access level, e.g. read." }).trim().min(1, "Name the access level, e.g. read.").max(64),
    duration: isoDurationField,
    justification: text(2000, "The justification").default(""),
    ticket: text(100, "The ticket").optional(),
    pipeline: pipelineContext.optional(),
  })
  .meta({ id: "CreateRequest" });

export const decisionBody = z.strictObject({ comment: text(1000, "The comment").default("") }).meta({ id: "Decision" });
export const emptyBody = z.strictObject({}).meta({ id: "Empty" });
export const extendBody = z
  .strictObject({ duration: isoDurationField, justification: text(2000, "The justification").default("") })
  .meta({ id: "ExtendGrant" });

export const grantsQuery = z.object({ live: z.enum(["true", "false"], { error: "live is true or false." }).optional() });
export const accessCheckQuery = z.object({
  principal: z.string().meta({ description: "user:<email> or workload:<name>" }),
  resource: z.string().meta({ description: "resource slug or id" }),
  level: z.string().meta({ description: "access level, e.g. read" }),
});

const resourceRef = z.object({ id: z.uuid(), slug: z.string(), name: z.string() });
export const grantResponse = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    resource: resourceRef,
    principal: z.string(),
    accessLevel: z.string(),
    status: z.enum(GRANT_STATUSES),
    live: z.boolean(),
    duration: z.string(),
    issuedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    endedAt: z.string().nullable(),
  })
  .meta({ id: "Grant" });
export const requestResponse = z
  .object({
    id: z.uuid(),
    resource: resourceRef,
    requester: z.string(),
    accessLevel: z.string(),
    duration: z.string(),
    justification: z.string(),
    ticket: z.string().nullable(),
    pipeline: z.record(z.string(), z.string()).nullable(),
    status: z.enum(REQUEST_STATUSES),
    breakGlass: z.boolean(),
    createdAt: z.string(),
    decidedAt: z.string().nullable(),
    grant: grantResponse.nullable(),
  })
  .meta({ id: "Request" });
export const grantListResponse = z.object({ grants: z.array(grantResponse) });
export const credentialsResponse = z.object({ credentials: z.record(z.string(), z.unknown()) });
export const endedGrantResponse = z.object({ grantId: z.uuid(), confirmed: z.boolean() });
export const extensionResponse = z.object({ extensionId: z.uuid(), status: z.string(), grant: grantResponse });
export const accessCheckResponse = z
  .object({ principal: z.string(), resource: z.string(), level: z.string(), allowed: z.boolean(), until: z.string().nullable(), checkedAt: z.string() })
  .meta({ id: "AccessCheck" });
export const auditVerifyResponse = z
  .object({ ok: z.boolean(), checkedAt: z.string(), tookMs: z.number() })
  .catchall(z.unknown())
  .meta({ id: "AuditVerification" });
export const problemResponse = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string().optional(), errors: z.record(z.string(), z.array(z.string())).optional() })
  .meta({ id: "Problem" });
