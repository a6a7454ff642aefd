// Every kind of audit event Lapse writes, with how a person reads it.
export const AUDIT_ACTIONS = {
  "request.created": "Request created",
  "request.cancelled": "Request cancelled",
  "request.approval_recorded": "Approval recorded",
  "request.approved": "Request approved",
  "request.denied": "Request denied",
  "request.withdrawn": "Request ended (requester offboarded)",
  "request.timed_out": "Request timed out",
  "request.self_decision_refused": "Refused: decision on own request",
  "request.break_glass": "Break-glass access taken",
  "grant.issued": "Access issued",
  "grant.reviewed": "Break-glass reviewed",
  "extension.requested": "Extension requested",
  "extension.approval_recorded": "Extension approval recorded",
  "extension.approved": "Extension approved",
  "extension.self_decision_refused": "Refused: decision on own extension",
  "extension.denied": "Extension denied",
  "extension.cancelled": "Extension cancelled",
  "extension.void": "Extension void (grant ended first)",
  "resource.frozen": "Resource frozen",
  "resource.unfrozen": "Resource unfrozen",
  "grant.issue_failed": "Issuance failed",
  "grant.expired": "Access expired",
  "grant.revoke_requested": "Access ended early",
  "grant.revoked": "Access revoked",
  "grant.revoke_failed": "Revocation failed",
  "policy.created": "Policy created",
  "policy.changed": "Policy changed (tightened)",
  "policy.proposed": "Policy change proposed (loosens control)",
  "policy.confirmed": "Policy change confirmed",
  "policy.rejected": "Policy change rejected",
  "policy.withdrawn": "Policy change withdrawn",
  "policy.superseded": "Policy change superseded",
  "raci.updated": "RACI matrix updated",
  "user.created": "User created",
  "user.roles_changed": "User roles changed",
  "user.teams_changed": "User teams changed",
  "user.disabled": "User disabled (offboarded)",
  "user.enabled": "User enabled",
  "team.created": "Team created",
  "team.updated": "Team updated",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function describeAction(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}
