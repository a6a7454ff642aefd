// Every value list of the data model, free of database imports so the UI can share them.
export const TEAM_FUNCTIONS = ["devops", "iam", "pam", "security-platform", "sre", "other"] as const;
export type TeamFunction = (typeof TEAM_FUNCTIONS)[number];

export const ROLES = ["requester", "approver", "owner", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const RESOURCE_KINDS = ["database", "kubernetes", "ci-role", "cloud-account", "other"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const APPROVAL_RULES = ["auto", "single", "dual"] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];

// pending: a loosening change waiting for a second owner; superseded: a pending change
// overtaken by a later save before anyone confirmed it.
export const POLICY_STATUSES = ["active", "pending", "rejected", "superseded"] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];
export const POLICY_CHANGE_KINDS = ["initial", "tighten", "loosen"] as const;
export type PolicyChangeKind = (typeof POLICY_CHANGE_KINDS)[number];

// DESIGN §2: the control activities a RACI matrix assigns, and the letters it uses.
export const CONTROL_ACTIVITIES = [
  "policy-definition",
  "approval",
  "issuance",
  "session-limits",
  "telemetry",
  "revocation",
  "exception-handling",
  "audit-evidence",
] as const;
export type ControlActivity = (typeof CONTROL_ACTIVITIES)[number];
export const RACI_LETTERS = ["R", "A", "C", "I"] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];
export const REQUEST_STATUSES = ["pending", "approved", "denied", "cancelled", "timed_out"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const GRANT_STATUSES = ["issuing", "active", "expired", "revoked"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
// An extension asks for more time on a live grant; void = still pending when the grant ended.
export const EXTENSION_STATUSES = ["pending", "approved", "denied", "cancelled", "void", "timed_out"] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];
// A break-glass grant's review by the control owner team.
export const REVIEW_OUTCOMES = ["accepted", "escalated"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const DECISIONS = ["approve", "deny"] as const;
export type Decision = (typeof DECISIONS)[number];
export const ACTOR_KINDS = ["user", "workload", "system"] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

// Notifications (issue 10): what Lapse tells people about, and how.
export const NOTIFICATION_EVENTS = [
  "request.awaiting_decision",
  "request.decided",
  "request.decided_elsewhere",
  "grant.issued",
  "grant.expiring",
  "grant.ended",
  "grant.revocation_overdue",
  "grant.drift_detected",
  "break_glass.review_due",
  "break_glass.review_overdue",
  "policy.awaiting_confirmation",
  "policy.reviewed",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
/** Channels a person chooses for themselves. */
export const USER_CHANNELS = ["portal", "email"] as const;
export type UserChannel = (typeof USER_CHANNELS)[number];
/** Channels the outbox sends on: a person's email, a team's chat or signed webhook. */
export const NOTIFICATION_CHANNELS = ["email", "chat", "webhook"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const USER_KINDS = ["human", "workload"] as const;
export type UserKind = (typeof USER_KINDS)[number];
export const WORKLOAD_AUTH_KINDS = ["oidc", "api_key"] as const;
export type WorkloadAuthKind = (typeof WORKLOAD_AUTH_KINDS)[number];
export const API_TOKEN_KINDS = ["personal", "workload"] as const;
export type ApiTokenKind = (typeof API_TOKEN_KINDS)[number];
