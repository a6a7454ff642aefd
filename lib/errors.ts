// Errors a service function raises on purpose. Their messages are written for the person
// using Lapse; anything else that goes wrong is logged and shown as a generic failure.
import type { AuditAction } from "./audit/actions";

export type ServiceErrorCode = "invalid" | "forbidden" | "not_found" | "conflict" | "step_up_required";

export type FieldErrors = Record<string, string[]>;

/** A refusal worth keeping as evidence (a separation-of-duties attempt), written after the rollback. */
export interface RecordedRefusal {
  action: AuditAction;
  resourceId: string;
  requestId: string;
  details: Record<string, unknown>;
}

export class ServiceError extends Error {
  /** Finer than the code, for the API's problem types: "not_eligible" is a 403 there, a field error in a form. */
  reason?: "not_eligible";
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly refusal?: RecordedRefusal,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const invalid = (message: string, fieldErrors: FieldErrors = {}) =>
  new ServiceError("invalid", message, fieldErrors);
export const notEligible = (message: string, fieldErrors: FieldErrors) => Object.assign(invalid(message, fieldErrors), { reason: "not_eligible" as const });
export const forbidden = (message = "You are not allowed to do that.") => new ServiceError("forbidden", message);
export const notFound = (message = "Not found.") => new ServiceError("not_found", message);
export const conflict = (message: string) => new ServiceError("conflict", message);
/** The actor may do this, but must prove who they are again first (lib/auth/require-recent-authentication.ts). */
export const stepUpRequired = (message: string) => new ServiceError("step_up_required", message);
