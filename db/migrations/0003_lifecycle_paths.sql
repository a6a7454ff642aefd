CREATE TABLE "extension_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"extension_id" uuid NOT NULL,
	"approver_user_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "extension_approvals_extension_approver_key" UNIQUE("extension_id","approver_user_id"),
	CONSTRAINT "extension_approvals_decision_check" CHECK (decision in ('approve', 'deny'))
);
--> statement-breakpoint
CREATE TABLE "extension_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"requester_user_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"justification" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"approvals_required" integer NOT NULL,
	"policy_id" uuid NOT NULL,
	"decided_policy_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "extension_requests_status_check" CHECK (status in ('pending', 'approved', 'denied', 'cancelled', 'void', 'timed_out')),
	CONSTRAINT "extension_requests_minutes_check" CHECK ("extension_requests"."minutes" >= 1)
);
--> statement-breakpoint
ALTER TABLE "access_requests" ADD COLUMN "break_glass" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "extended_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "break_glass" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "review_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "review_outcome" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "review_comment" text;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "frozen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "frozen_reason" text;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "frozen_by" text;--> statement-breakpoint
ALTER TABLE "extension_approvals" ADD CONSTRAINT "extension_approvals_extension_id_extension_requests_id_fk" FOREIGN KEY ("extension_id") REFERENCES "public"."extension_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_approvals" ADD CONSTRAINT "extension_approvals_approver_user_id_users_id_fk" FOREIGN KEY ("approver_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_requester_user_id_users_id_fk" FOREIGN KEY ("requester_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_decided_policy_id_policies_id_fk" FOREIGN KEY ("decided_policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "extension_requests_one_pending_key" ON "extension_requests" USING btree ("grant_id") WHERE "extension_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "extension_requests_status_resource_idx" ON "extension_requests" USING btree ("status","resource_id");--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_review_outcome_check" CHECK ("grants"."review_outcome" is null or "grants"."review_outcome" in ('accepted', 'escalated'));--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_extended_check" CHECK ("grants"."extended_minutes" >= 0);