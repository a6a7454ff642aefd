// The data model of Lapse. Status columns are text with CHECK constraints rather than
// enums so later migrations can add states inside a transaction on both engines.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// The value lists live in enums.ts so client components can use them without the ORM.
import {
  ACTOR_KINDS,
  APPROVAL_RULES,
  CONTROL_ACTIVITIES,
  DECISIONS,
  DELIVERY_STATUSES,
  EXTENSION_STATUSES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  USER_CHANNELS,
  GRANT_STATUSES,
  POLICY_CHANGE_KINDS,
  POLICY_STATUSES,
  RACI_LETTERS,
  REQUEST_STATUSES,
  RESOURCE_KINDS,
  REVIEW_OUTCOMES,
  ROLES,
  TEAM_FUNCTIONS,
  USER_KINDS,
  WORKLOAD_AUTH_KINDS,
  API_TOKEN_KINDS,
  type ApiTokenKind,
  type UserKind,
  type WorkloadAuthKind,
  type ActorKind,
  type ApprovalRule,
  type ControlActivity,
  type Decision,
  type DeliveryStatus,
  type NotificationChannel,
  type NotificationEvent,
  type UserChannel,
  type ExtensionStatus,
  type GrantStatus,
  type PolicyChangeKind,
  type RaciLetter,
  type RequestStatus,
  type ResourceKind,
  type ReviewOutcome,
  type Role,
  type TeamFunction,
} from "./enums";

export * from "./enums";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    // Null for accounts that only sign in through an external identity provider.
    passwordHash: text("password_hash"),
    disabled: boolean("disabled").notNull().default(false),
    // "workload": the principal row of a workload identity (it holds requests and grants like a
    // person, but never signs in and is listed on /admin/workloads rather than with people).
    kind: text("kind").$type<UserKind>().notNull().default("human"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_lower_key").on(sql`lower(${t.email})`), check("users_kind_check", inList("kind", USER_KINDS))],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    function: text("function").$type<TeamFunction>().notNull(),
    createdAt: ts("created_at").notNull(),
  },
  () => [check("teams_function_check", inList("function", TEAM_FUNCTIONS))],
);

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.teamId] }), index("memberships_team_idx").on(t.teamId)],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role").$type<Role>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] }), check("user_roles_role_check", inList("role", ROLES))],
);

export const resources = pgTable(
  "resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    kind: text("kind").$type<ResourceKind>().notNull(),
    description: text("description").notNull().default(""),
    ownerTeamId: uuid("owner_team_id")
      .notNull()
      .references(() => teams.id),
    connectorKind: text("connector_kind").notNull().default("record-only"),
    // Bumped by every RACI save; a save names the revision it edited, so two owners
    // editing at once cannot silently overwrite each other.
    raciRevision: integer("raci_revision").notNull().default(0),
    // The kill switch: while frozen, no request or extension is accepted and live grants are revoked.
    frozenAt: ts("frozen_at"),
    frozenReason: text("frozen_reason"),
    frozenBy: text("frozen_by"),
    createdAt: ts("created_at").notNull(),
  },
  () => [check("resources_kind_check", inList("kind", RESOURCE_KINDS))],
);

// A resource's policy is a row per version; the current one is the highest active version.
export const policies = pgTable(
  "policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    version: integer("version").notNull(),
    status: text("status").$type<(typeof POLICY_STATUSES)[number]>().notNull(),
    accessLevels: text("access_levels").array().notNull(),
    eligibleTeamIds: uuid("eligible_team_ids").array().notNull().default(sql`'{}'::uuid[]`),
    eligibleUserIds: uuid("eligible_user_ids").array().notNull().default(sql`'{}'::uuid[]`),
    eligibleWorkloadIds: uuid("eligible_workload_ids").array().notNull().default(sql`'{}'::uuid[]`),
    // Claim conditions ("repository=acme/payments", "ref=refs/heads/*") a workload's verified
    // OIDC token must meet for the auto rule to approve without a person; otherwise one approver decides.
    autoApprovalClaims: text("auto_approval_claims").array().notNull().default(sql`'{}'::text[]`),
    approvalRule: text("approval_rule").$type<ApprovalRule>().notNull(),
    approverTeamIds: uuid("approver_team_ids").array().notNull().default(sql`'{}'::uuid[]`),
    defaultDurationMinutes: integer("default_duration_minutes").notNull(),
    maxDurationMinutes: integer("max_duration_minutes").notNull(),
    requireJustification: boolean("require_justification").notNull().default(true),
    // A ticket reference is required exactly when a pattern is set; the hint tells people
    // in words what the pattern wants ("a change number such as CHG-123").
    ticketPattern: text("ticket_pattern"),
    ticketHint: text("ticket_hint"),
    // Extensions: allowed or not, and the most a grant may last in total with them.
    extensionsAllowed: boolean("extensions_allowed").notNull().default(false),
    maxTotalMinutes: integer("max_total_minutes"),
    // Break-glass is off while no team is named.
    breakGlassTeamIds: uuid("break_glass_team_ids").array().notNull().default(sql`'{}'::uuid[]`),
    breakGlassReviewMinutes: integer("break_glass_review_minutes").notNull().default(1440),
    approvalTimeoutMinutes: integer("approval_timeout_minutes").notNull().default(1440),
    maxLiveGrants: integer("max_live_grants").notNull().default(1),
    // How long before a grant ends its holder is warned (notifications).
    expiryWarningMinutes: integer("expiry_warning_minutes").notNull().default(10),
    // The version this one was edited from, and whether it tightened or loosened control.
    baseVersion: integer("base_version"),
    changeKind: text("change_kind").$type<PolicyChangeKind>().notNull().default("initial"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: ts("created_at").notNull(),
    // Who confirmed or rejected a pending (loosening) version, and when.
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: ts("reviewed_at"),
  },
  (t) => [
    unique("policies_resource_version_key").on(t.resourceId, t.version),
    // At most one change waits for confirmation per resource.
    uniqueIndex("policies_one_pending_key").on(t.resourceId).where(sql`${t.status} = 'pending'`),
    check("policies_status_check", inList("status", POLICY_STATUSES)),
    check("policies_change_kind_check", inList("change_kind", POLICY_CHANGE_KINDS)),
    check("policies_approval_rule_check", inList("approval_rule", APPROVAL_RULES)),
    check(
      "policies_duration_check",
      sql`${t.defaultDurationMinutes} >= 1 and ${t.maxDurationMinutes} >= ${t.defaultDurationMinutes}`,
    ),
    check(
      "policies_limits_check",
      sql`${t.maxLiveGrants} >= 1 and ${t.approvalTimeoutMinutes} >= 1 and ${t.breakGlassReviewMinutes} >= 1 and (${t.maxTotalMinutes} is null or ${t.maxTotalMinutes} >= ${t.maxDurationMinutes})`,
    ),
  ],
);

export const accessRequests = pgTable(
  "access_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    // The policy version the request was made under, then the one it was decided under.
    policyId: uuid("policy_id")
      .notNull()
      .references(() => policies.id),
    decidedPolicyId: uuid("decided_policy_id").references(() => policies.id),
    requesterUserId: uuid("requester_user_id")
      .notNull()
      .references(() => users.id),
    accessLevel: text("access_level").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    justification: text("justification").notNull().default(""),
    ticket: text("ticket"),
    status: text("status").$type<RequestStatus>().notNull(),
    approvalsRequired: integer("approvals_required").notNull(),
    // Issued at once without approval, as an exception the owner team reviews afterwards.
    breakGlass: boolean("break_glass").notNull().default(false),
    // What a pipeline said about its run (repository, run id, commit, workflow): context, not identity.
    pipeline: jsonb("pipeline").$type<Record<string, string>>(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    decidedAt: ts("decided_at"),
  },
  (t) => [
    check("access_requests_status_check", inList("status", REQUEST_STATUSES)),
    check("access_requests_duration_check", sql`${t.durationMinutes} >= 1`),
    index("access_requests_status_resource_idx").on(t.status, t.resourceId),
    index("access_requests_requester_idx").on(t.requesterUserId, t.createdAt),
    // Evidence reports page newest first by (created_at, id), and the charts read a period.
    index("access_requests_created_idx").on(t.createdAt, t.id),
  ],
);

export const approvals = pgTable(
  "approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => accessRequests.id),
    approverUserId: uuid("approver_user_id")
      .notNull()
      .references(() => users.id),
    decision: text("decision").$type<Decision>().notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    unique("approvals_request_approver_key").on(t.requestId, t.approverUserId),
    check("approvals_decision_check", inList("decision", DECISIONS)),
  ],
);

export const grants = pgTable(
  "grants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .unique()
      .references(() => accessRequests.id),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    principalUserId: uuid("principal_user_id")
      .notNull()
      .references(() => users.id),
    accessLevel: text("access_level").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    connectorKind: text("connector_kind").notNull(),
    status: text("status").$type<GrantStatus>().notNull(),
    // A worker (or the approving request) holds the grant while it talks to the connector;
    // a crashed holder's lease simply runs out and another picks the grant up.
    leaseUntil: ts("lease_until"),
    issueAttempts: integer("issue_attempts").notNull().default(0),
    nextIssueAt: ts("next_issue_at"),
    lastIssueError: text("last_issue_error"),
    issuedAt: ts("issued_at"),
    expiresAt: ts("expires_at"),
    revokeAttempts: integer("revoke_attempts").notNull().default(0),
    nextRevokeAt: ts("next_revoke_at"),
    lastRevokeError: text("last_revoke_error"),
    endedAt: ts("ended_at"),
    revokeVerifiedAt: ts("revoke_verified_at"),
    revokeEvidence: jsonb("revoke_evidence").$type<Record<string, unknown>>(),
    // Set when a person or a rule ends the grant early (offboarding, relinquish, owner
    // revoke). Access ends at this moment; the grant becomes revoked once the connector confirms.
    revokeRequestedAt: ts("revoke_requested_at"),
    revokeReason: text("revoke_reason"),
    revokeRequestedBy: text("revoke_requested_by"),
    // Minutes added by approved extensions; the grant's total length is duration + this.
    extendedMinutes: integer("extended_minutes").notNull().default(0),
    // Break-glass: an exception the control owner team must review by review_due_at.
    breakGlass: boolean("break_glass").notNull().default(false),
    reviewDueAt: ts("review_due_at"),
    reviewedAt: ts("reviewed_at"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewOutcome: text("review_outcome").$type<ReviewOutcome>(),
    reviewComment: text("review_comment"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    check("grants_status_check", inList("status", GRANT_STATUSES)),
    // Only a grant that is still issuing, or one revoked before it was ever issued, has no window.
    check(
      "grants_active_has_window",
      sql`${t.status} = 'issuing' or (${t.issuedAt} is not null and ${t.expiresAt} is not null) or (${t.status} = 'revoked' and ${t.issuedAt} is null)`,
    ),
    check("grants_review_outcome_check", sql`${t.reviewOutcome} is null or ${t.reviewOutcome} in ('accepted', 'escalated')`),
    check("grants_extended_check", sql`${t.extendedMinutes} >= 0`),
    index("grants_due_idx").on(t.status, t.expiresAt),
    // What the expiry sweep claims: grants still issuing or active, by the moment they fall
    // due (revoke decided, else expiry). Without it each claim read every live grant.
    index("grants_due_at_idx")
      .on(sql`coalesce(${t.revokeRequestedAt}, ${t.expiresAt})`)
      .where(sql`${t.status} in ('issuing', 'active')`),
    index("grants_principal_idx").on(t.principalUserId, t.resourceId, t.accessLevel),
    // The grants, exceptions and revocation reports page newest first by (created_at, id).
    index("grants_created_idx").on(t.createdAt, t.id),
  ],
);

// A holder's request for more time on a live grant: a new decision under the current policy.
export const extensionRequests = pgTable(
  "extension_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    grantId: uuid("grant_id")
      .notNull()
      .references(() => grants.id),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    requesterUserId: uuid("requester_user_id")
      .notNull()
      .references(() => users.id),
    minutes: integer("minutes").notNull(),
    justification: text("justification").notNull().default(""),
    status: text("status").$type<ExtensionStatus>().notNull(),
    approvalsRequired: integer("approvals_required").notNull(),
    policyId: uuid("policy_id")
      .notNull()
      .references(() => policies.id),
    decidedPolicyId: uuid("decided_policy_id").references(() => policies.id),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    decidedAt: ts("decided_at"),
  },
  (t) => [
    check("extension_requests_status_check", inList("status", EXTENSION_STATUSES)),
    check("extension_requests_minutes_check", sql`${t.minutes} >= 1`),
    // One extension waits per grant at a time.
    uniqueIndex("extension_requests_one_pending_key").on(t.grantId).where(sql`${t.status} = 'pending'`),
    index("extension_requests_status_resource_idx").on(t.status, t.resourceId),
    index("extension_requests_created_idx").on(t.createdAt, t.id),
  ],
);

export const extensionApprovals = pgTable(
  "extension_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    extensionId: uuid("extension_id")
      .notNull()
      .references(() => extensionRequests.id),
    approverUserId: uuid("approver_user_id")
      .notNull()
      .references(() => users.id),
    decision: text("decision").$type<Decision>().notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    unique("extension_approvals_extension_approver_key").on(t.extensionId, t.approverUserId),
    check("extension_approvals_decision_check", inList("decision", DECISIONS)),
  ],
);

// The RACI matrix of a resource: one row per team and activity that has a letter.
export const raciAssignments = pgTable(
  "raci_assignments",
  {
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    activity: text("activity").$type<ControlActivity>().notNull(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    letter: text("letter").$type<RaciLetter>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.activity, t.teamId] }),
    check("raci_assignments_activity_check", inList("activity", CONTROL_ACTIVITIES)),
    check("raci_assignments_letter_check", inList("letter", RACI_LETTERS)),
  ],
);

// The framework control catalogue (DESIGN §6): published identifiers, what Lapse does for
// each, and which audit actions are its evidence. Data, editable by admins.
export const controls = pgTable("controls", {
  id: uuid("id").primaryKey().defaultRandom(),
  framework: text("framework").notNull(),
  identifier: text("identifier").notNull().unique(),
  title: text("title").notNull(),
  lapseDoes: text("lapse_does").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

export const controlMappings = pgTable(
  "control_mappings",
  {
    controlId: uuid("control_id")
      .notNull()
      .references(() => controls.id),
    action: text("action").notNull(),
  },
  (t) => [primaryKey({ columns: [t.controlId, t.action] }), index("control_mappings_action_idx").on(t.action)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    occurredAt: ts("occurred_at").notNull(),
    actorKind: text("actor_kind").$type<ActorKind>().notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    resourceId: uuid("resource_id"),
    requestId: uuid("request_id"),
    grantId: uuid("grant_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull().unique(),
  },
  (t) => [
    check("audit_events_actor_kind_check", inList("actor_kind", ACTOR_KINDS)),
    index("audit_events_request_idx").on(t.requestId),
    index("audit_events_grant_idx").on(t.grantId),
    index("audit_events_resource_idx").on(t.resourceId, t.seq),
    // Evidence per control, and the audit log filtered by action, page by sequence.
    index("audit_events_action_idx").on(t.action, t.seq),
  ],
);

// Signed checkpoints of the audit chain: the head (sequence and hash) at a moment, signed
// with the server's Ed25519 key, so an exported copy can be compared with the record later.
export const auditCheckpoints = pgTable("audit_checkpoints", {
  seq: bigint("seq", { mode: "number" }).primaryKey(),
  headHash: text("head_hash").notNull(),
  createdAt: ts("created_at").notNull(),
  keyId: text("key_id").notNull(),
  publicKey: text("public_key").notNull(),
  signature: text("signature").notNull(),
});

export type SignInMethod = "password" | "oidc";

// Sign-in sessions, kept on the server so they can end before their cookie does: on sign-out,
// sign-out everywhere, idleness or the absolute limit. The session cookie names one by id.
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull(),
    // When the person last proved who they are in this session: the sign-in, or a later
    // step-up (re-entering the password). Deciding access needs it to be recent.
    authenticatedAt: ts("authenticated_at").notNull(),
    // How the person signed in ("password" or "oidc"): step-up offers the same way again.
    method: text("method").$type<SignInMethod>().notNull(),
    endedAt: ts("ended_at"),
    endedReason: text("ended_reason"),
  },
  (t) => [index("sessions_user_open_idx").on(t.userId, t.endedAt)],
);

// Failed sign-ins, counted per account (the email as typed) and per client address over a
// window; in the database so every instance enforces the same limit.
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountKey: text("account_key").notNull(),
    address: text("address").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [index("sign_in_failures_account_idx").on(t.accountKey, t.at), index("sign_in_failures_address_idx").on(t.address, t.at)],
);

// One row per worker instance; /api/health reports the newest successful sweep.
export const workerHeartbeats = pgTable("worker_heartbeats", {
  instanceId: text("instance_id").primaryKey(),
  lastSweepAt: ts("last_sweep_at").notNull(),
  lastSweepStats: jsonb("last_sweep_stats").$type<Record<string, number>>().notNull(),
});

// How a resource's connector reaches its target. Settings are shown to admins; secret
// settings (passwords, HMAC keys) are stored only encrypted (lib/crypto/secret-box.ts) and
// never read back into a page, an API answer or a log line.
export const connectorConfigs = pgTable("connector_configs", {
  resourceId: uuid("resource_id")
    .primaryKey()
    .references(() => resources.id),
  kind: text("kind").notNull(),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  secretCiphertext: text("secret_ciphertext"),
  // Bumped by every save; a save names the revision it edited.
  revision: integer("revision").notNull().default(1),
  updatedAt: ts("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

// Credentials a connector produced at issuance (a database password, a token), kept
// encrypted until the grant's holder reveals them once; the row is deleted on reveal and
// when the grant ends.
export const grantSecrets = pgTable("grant_secrets", {
  grantId: uuid("grant_id")
    .primaryKey()
    .references(() => grants.id),
  ciphertext: text("ciphertext").notNull(),
  createdAt: ts("created_at").notNull(),
  expiresAt: ts("expires_at").notNull(),
});

// Keys of the signed-token connector. The private key is encrypted at rest; the public key
// stays published at /.well-known/jwks.json until every token it signed has expired.
export const signingKeys = pgTable(
  "signing_keys",
  {
    kid: text("kid").primaryKey(),
    alg: text("alg").notNull(),
    publicJwk: jsonb("public_jwk").$type<Record<string, unknown>>().notNull(),
    privateCiphertext: text("private_ciphertext").notNull(),
    createdAt: ts("created_at").notNull(),
    // Set when a newer key became current; the key signs nothing after this.
    retiredAt: ts("retired_at"),
    // The latest `exp` of any token this key signed: it is published until then.
    lastTokenExpiresAt: ts("last_token_expires_at"),
  },
  (t) => [index("signing_keys_current_idx").on(t.retiredAt, t.createdAt)],
);

// A target that still shows access Lapse ended (or never issued): found by the drift sweep.
export const driftFindings = pgTable(
  "drift_findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    grantId: uuid("grant_id").references(() => grants.id),
    // The target's name for what it still shows (a PostgreSQL role name).
    subject: text("subject").notNull(),
    detectedAt: ts("detected_at").notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    resolvedAt: ts("resolved_at"),
  },
  (t) => [
    index("drift_findings_resource_idx").on(t.resourceId, t.resolvedAt),
    // At most one open finding per thing on the target, however many sweeps find it.
    uniqueIndex("drift_findings_open_subject_key").on(t.resourceId, t.subject).where(sql`${t.resolvedAt} is null`),
  ],
);

// Notifications. One row per thing that happened and an audience it concerns, written in the
// same transaction as the transition (dedupe_key makes sweeps that notify idempotent).
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    event: text("event").$type<NotificationEvent>().notNull(),
    dedupeKey: text("dedupe_key").unique(),
    // No foreign key: an unused resource may be deleted (its policy and RACI go with it), and
    // the messages about it are history, not something that must block that.
    resourceId: uuid("resource_id"),
    requestId: uuid("request_id").references(() => accessRequests.id),
    grantId: uuid("grant_id").references(() => grants.id),
    title: text("title").notNull(),
    body: text("body").notNull(),
    // A path inside the portal (sign-in required); made absolute when a message is sent.
    link: text("link").notNull(),
    // A second action, such as the holder's one-click extension link.
    actionLabel: text("action_label"),
    actionLink: text("action_link"),
    createdAt: ts("created_at").notNull(),
  },
  () => [check("notifications_event_check", inList("event", NOTIFICATION_EVENTS))],
);

// The in-portal list: one row per recipient of a notification, read or not.
export const notificationInbox = pgTable(
  "notification_inbox",
  {
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notifications.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: ts("created_at").notNull(),
    readAt: ts("read_at"),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.userId] }), index("notification_inbox_user_idx").on(t.userId, t.readAt, t.createdAt)],
);

// The outbox: one message to send on one channel (a person's email, a team's chat or signed
// webhook). The worker claims due rows with FOR UPDATE SKIP LOCKED and a lease.
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    notificationId: uuid("notification_id")
      .notNull()
      .references(() => notifications.id),
    channel: text("channel").$type<NotificationChannel>().notNull(),
    userId: uuid("user_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    status: text("status").$type<DeliveryStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    leaseUntil: ts("lease_until"),
    // Set by the worker holding the lease; only that holder may record the outcome.
    leaseToken: text("lease_token"),
    lastError: text("last_error"),
    sentAt: ts("sent_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [
    check("notification_deliveries_status_check", inList("status", DELIVERY_STATUSES)),
    check("notification_deliveries_channel_check", inList("channel", NOTIFICATION_CHANNELS)),
    check("notification_deliveries_recipient_check", sql`(${t.userId} is null) <> (${t.teamId} is null)`),
    index("notification_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("notification_deliveries_notification_idx").on(t.notificationId),
  ],
);

// Every delivery attempt and its outcome.
export const notificationAttempts = pgTable(
  "notification_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => notificationDeliveries.id),
    attempt: integer("attempt").notNull(),
    attemptedAt: ts("attempted_at").notNull(),
    ok: boolean("ok").notNull(),
    error: text("error"),
  },
  (t) => [index("notification_attempts_delivery_idx").on(t.deliveryId, t.attempt)],
);

// A person's choice per event and channel; no row means the default (on).
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    event: text("event").$type<NotificationEvent>().notNull(),
    channel: text("channel").$type<UserChannel>().notNull(),
    enabled: boolean("enabled").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.event, t.channel] }),
    check("notification_preferences_event_check", inList("event", NOTIFICATION_EVENTS)),
    check("notification_preferences_channel_check", inList("channel", USER_CHANNELS)),
  ],
);

// Where a team hears about what concerns it: a chat incoming webhook (Slack-compatible) and
// a generic HMAC-signed webhook. URLs and key are sealed at rest: a chat webhook URL is itself
// a credential.
export const teamNotificationSettings = pgTable("team_notification_settings", {
  teamId: uuid("team_id")
    .primaryKey()
    .references(() => teams.id),
  chatWebhookCiphertext: text("chat_webhook_ciphertext"),
  webhookUrl: text("webhook_url"),
  webhookSecretCiphertext: text("webhook_secret_ciphertext"),
  updatedAt: ts("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});
// A non-human identity (DESIGN §7): a CI pipeline or service that authenticates with an OIDC
// token from its issuer (matching audience and claim conditions) or with an API key. It acts
// through its principal row in users (kind "workload"), so requests and grants work as for people.
export const workloadIdentities = pgTable(
  "workload_identities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    ownerTeamId: uuid("owner_team_id")
      .notNull()
      .references(() => teams.id),
    userId: uuid("user_id")
      .notNull()
      .unique()
      .references(() => users.id),
    authKind: text("auth_kind").$type<WorkloadAuthKind>().notNull(),
    issuer: text("issuer"),
    audience: text("audience"),
    // "claim=value" lines; a value may hold * as a wildcard (glob). All must hold.
    claimConditions: text("claim_conditions").array().notNull().default(sql`'{}'::text[]`),
    // A target system's identity: may call the access check.
    mayCheckAccess: boolean("may_check_access").notNull().default(false),
    createdAt: ts("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    check("workload_identities_auth_kind_check", inList("auth_kind", WORKLOAD_AUTH_KINDS)),
    check("workload_identities_oidc_check", sql`${t.authKind} <> 'oidc' or (${t.issuer} is not null and ${t.audience} is not null)`),
    index("workload_identities_issuer_idx").on(t.issuer),
  ],
);

// Bearer secrets Lapse issued: a person's personal API token, or a workload's API key. Only
// a SHA-256 of the secret is kept; the secret is shown once. Every one expires.
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<ApiTokenKind>().notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    workloadId: uuid("workload_id").references(() => workloadIdentities.id),
    name: text("name").notNull(),
    // The first characters of the secret, so its holder can tell tokens apart.
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull().unique(),
    createdAt: ts("created_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    lastUsedAt: ts("last_used_at"),
    // A decision token (personal only): the portal sign-in it was made under. It may approve
    // and deny while that sign-in is recent (step-up) and expires when it no longer is.
    signedInAt: ts("signed_in_at"),
  },
  (t) => [
    check("api_tokens_kind_check", inList("kind", API_TOKEN_KINDS)),
    check("api_tokens_decision_check", sql`${t.signedInAt} is null or (${t.kind} = 'personal' and ${t.expiresAt} > ${t.signedInAt})`),
    check("api_tokens_workload_check", sql`(${t.kind} = 'workload') = (${t.workloadId} is not null)`),
    index("api_tokens_user_idx").on(t.userId),
  ],
);

// Idempotency-Key: the first result of a POST, replayed for a retry with the same key.
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    // Method, path and a hash of the body: the same key with another request is refused.
    fingerprint: text("fingerprint").notNull(),
    statusCode: integer("status_code"),
    body: jsonb("body").$type<unknown>(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

// API rate limits: requests per principal per fixed window, shared by every instance.
export const apiRateLimits = pgTable(
  "api_rate_limits",
  {
    principal: text("principal").notNull(),
    windowStart: ts("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.windowStart] }), index("api_rate_limits_window_idx").on(t.windowStart)],
);

export type User = typeof users.$inferSelect;
export type Team = typeof teams.$inferSelect;
export type Resource = typeof resources.$inferSelect;
export type Policy = typeof policies.$inferSelect;
export type NewPolicy = typeof policies.$inferInsert;
export type AccessRequest = typeof accessRequests.$inferSelect;
export type Approval = typeof approvals.$inferSelect;
export type Grant = typeof grants.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type RaciAssignment = typeof raciAssignments.$inferSelect;
export type Control = typeof controls.$inferSelect;
export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type ExtensionRequest = typeof extensionRequests.$inferSelect;
export type ExtensionApproval = typeof extensionApprovals.$inferSelect;
export type ConnectorConfig = typeof connectorConfigs.$inferSelect;
export type SigningKey = typeof signingKeys.$inferSelect;
export type DriftFinding = typeof driftFindings.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
export type NotificationDelivery = typeof notificationDeliveries.$inferSelect;
export type TeamNotificationSetting = typeof teamNotificationSettings.$inferSelect;
export type WorkloadIdentity = typeof workloadIdentities.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
