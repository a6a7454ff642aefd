import "server-only";
// /api/v1/access/check for target systems, and /api/v1/audit/verify for auditors.
import { checkPrincipalAccess } from "@/lib/access/check-principal-access";
import { checkIntegrity } from "@/lib/audit/check-integrity";
import { defineEndpoint } from "../endpoint";
import { accessCheckQuery, accessCheckResponse, auditVerifyResponse } from "../schemas";

export const accessCheckEndpoint = defineEndpoint({
  operationId: "checkAccess",
  method: "GET",
  path: "/access/check",
  summary: "Does the principal hold the level on the resource right now? From live grants and the clock. Needs a token allowed to check.",
  tag: "access",
  query: accessCheckQuery,
  response: accessCheckResponse,
  run: ({ actor, deps, query }) => checkPrincipalAccess(actor, query, deps),
});

export const auditVerifyEndpoint = defineEndpoint({
  operationId: "verifyAuditChain",
  method: "GET",
  path: "/audit/verify",
  summary: "Walk the whole audit hash chain: OK with the count and head hash, or the first broken link. Auditors.",
  tag: "audit",
  response: auditVerifyResponse,
  run: ({ actor, deps }) => checkIntegrity(actor, deps),
});
