CREATE TABLE "raci_assignments" (
	"resource_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"team_id" uuid NOT NULL,
	"letter" text NOT NULL,
	CONSTRAINT "raci_assignments_resource_id_activity_team_id_pk" PRIMARY KEY("resource_id","activity","team_id"),
	CONSTRAINT "raci_assignments_activity_check" CHECK (activity in ('policy-definition', 'approval', 'issuance', 'session-limits', 'telemetry', 'revocation', 'exception-handling', 'audit-evidence')),
	CONSTRAINT "raci_assignments_letter_check" CHECK (letter in ('R', 'A', 'C', 'I'))
);
--> statement-breakpoint
ALTER TABLE "grants" DROP CONSTRAINT "grants_active_has_window";--> statement-breakpoint
ALTER TABLE "policies" DROP CONSTRAINT "policies_status_check";--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "revoke_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "revoke_reason" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "revoke_requested_by" text;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "extensions_allowed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "max_total_minutes" integer;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "break_glass_team_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "break_glass_review_minutes" integer DEFAULT 1440 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "approval_timeout_minutes" integer DEFAULT 1440 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "max_live_grants" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "base_version" integer;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "change_kind" text DEFAULT 'initial' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "raci_revision" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "raci_assignments" ADD CONSTRAINT "raci_assignments_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raci_assignments" ADD CONSTRAINT "raci_assignments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "policies_one_pending_key" ON "policies" USING btree ("resource_id") WHERE "policies"."status" = 'pending';--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_active_has_window" CHECK ("grants"."status" = 'issuing' or ("grants"."issued_at" is not null and "grants"."expires_at" is not null) or ("grants"."status" = 'revoked' and "grants"."issued_at" is null));--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_change_kind_check" CHECK (change_kind in ('initial', 'tighten', 'loosen'));--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_limits_check" CHECK ("policies"."max_live_grants" >= 1 and "policies"."approval_timeout_minutes" >= 1 and "policies"."break_glass_review_minutes" >= 1 and ("policies"."max_total_minutes" is null or "policies"."max_total_minutes" >= "policies"."max_duration_minutes"));--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_status_check" CHECK (status in ('active', 'pending', 'rejected', 'superseded'));