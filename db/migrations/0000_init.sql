CREATE TABLE "access_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"decided_policy_id" uuid,
	"requester_user_id" uuid NOT NULL,
	"access_level" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"justification" text DEFAULT '' NOT NULL,
	"ticket" text,
	"status" text NOT NULL,
	"approvals_required" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "access_requests_status_check" CHECK (status in ('pending', 'approved', 'denied', 'cancelled', 'timed_out')),
	CONSTRAINT "access_requests_duration_check" CHECK ("access_requests"."duration_minutes" >= 1)
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"approver_user_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "approvals_request_approver_key" UNIQUE("request_id","approver_user_id"),
	CONSTRAINT "approvals_decision_check" CHECK (decision in ('approve', 'deny'))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"resource_id" uuid,
	"request_id" uuid,
	"grant_id" uuid,
	"details" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_events_hash_unique" UNIQUE("hash"),
	CONSTRAINT "audit_events_actor_kind_check" CHECK (actor_kind in ('user', 'workload', 'system'))
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"principal_user_id" uuid NOT NULL,
	"access_level" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"connector_kind" text NOT NULL,
	"status" text NOT NULL,
	"lease_until" timestamp with time zone,
	"issue_attempts" integer DEFAULT 0 NOT NULL,
	"next_issue_at" timestamp with time zone,
	"last_issue_error" text,
	"issued_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoke_attempts" integer DEFAULT 0 NOT NULL,
	"next_revoke_at" timestamp with time zone,
	"last_revoke_error" text,
	"ended_at" timestamp with time zone,
	"revoke_verified_at" timestamp with time zone,
	"revoke_evidence" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "grants_request_id_unique" UNIQUE("request_id"),
	CONSTRAINT "grants_status_check" CHECK (status in ('issuing', 'active', 'expired', 'revoked')),
	CONSTRAINT "grants_active_has_window" CHECK ("grants"."status" = 'issuing' or ("grants"."issued_at" is not null and "grants"."expires_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	CONSTRAINT "memberships_user_id_team_id_pk" PRIMARY KEY("user_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"access_levels" text[] NOT NULL,
	"eligible_team_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"eligible_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"approval_rule" text NOT NULL,
	"approver_team_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"default_duration_minutes" integer NOT NULL,
	"max_duration_minutes" integer NOT NULL,
	"require_justification" boolean DEFAULT true NOT NULL,
	"ticket_pattern" text,
	"ticket_hint" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "policies_resource_version_key" UNIQUE("resource_id","version"),
	CONSTRAINT "policies_status_check" CHECK (status in ('active', 'pending', 'rejected')),
	CONSTRAINT "policies_approval_rule_check" CHECK (approval_rule in ('auto', 'single', 'dual')),
	CONSTRAINT "policies_duration_check" CHECK ("policies"."default_duration_minutes" >= 1 and "policies"."max_duration_minutes" >= "policies"."default_duration_minutes")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"owner_team_id" uuid NOT NULL,
	"connector_kind" text DEFAULT 'record-only' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resources_slug_unique" UNIQUE("slug"),
	CONSTRAINT "resources_kind_check" CHECK (kind in ('database', 'kubernetes', 'ci-role', 'cloud-account', 'other'))
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"function" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "teams_slug_unique" UNIQUE("slug"),
	CONSTRAINT "teams_function_check" CHECK (function in ('devops', 'iam', 'pam', 'security-platform', 'sre', 'other'))
);
--> statement-breakpoint
CREATE TABLE "user_roles" (
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "user_roles_user_id_role_pk" PRIMARY KEY("user_id","role"),
	CONSTRAINT "user_roles_role_check" CHECK (role in ('requester', 'approver', 'owner', 'auditor', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_heartbeats" (
	"instance_id" text PRIMARY KEY NOT NULL,
	"last_sweep_at" timestamp with time zone NOT NULL,
	"last_sweep_stats" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_decided_policy_id_policies_id_fk" FOREIGN KEY ("decided_policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_request_id_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."access_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_approver_user_id_users_id_fk" FOREIGN KEY ("approver_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_request_id_access_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."access_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_principal_user_id_users_id_fk" FOREIGN KEY ("principal_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_owner_team_id_teams_id_fk" FOREIGN KEY ("owner_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_roles" ADD CONSTRAINT "user_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_requests_status_resource_idx" ON "access_requests" USING btree ("status","resource_id");--> statement-breakpoint
CREATE INDEX "access_requests_requester_idx" ON "access_requests" USING btree ("requester_user_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_request_idx" ON "audit_events" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "audit_events_grant_idx" ON "audit_events" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "audit_events_resource_idx" ON "audit_events" USING btree ("resource_id","seq");--> statement-breakpoint
CREATE INDEX "grants_due_idx" ON "grants" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "grants_principal_idx" ON "grants" USING btree ("principal_user_id","resource_id","access_level");--> statement-breakpoint
CREATE INDEX "memberships_team_idx" ON "memberships" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));