// Every kind of audit event Lapse writes, with how a person reads it.
export const AUDIT_ACTIONS = {
  "request.created": "Request created",
  "request.cancelled": "Request cancelled",
  "request.approval_recorded": "Approval recorded",
  "request.approved": "Request approved",
  "request.denied": "Request denied",
  "grant.issued": "Access issued",
  "grant.issue_failed": "Issuance failed",
  "grant.expired": "Access expired",
  "grant.revoke_failed": "Revocation failed",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function describeAction(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}
