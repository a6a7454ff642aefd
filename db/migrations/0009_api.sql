CREATE TABLE "api_rate_limits" (
	"principal" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "api_rate_limits_principal_window_start_pk" PRIMARY KEY("principal","window_start")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"workload_id" uuid,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_secret_hash_unique" UNIQUE("secret_hash"),
	CONSTRAINT "api_tokens_kind_check" CHECK (kind in ('personal', 'workload')),
	CONSTRAINT "api_tokens_workload_check" CHECK (("api_tokens"."kind" = 'workload') = ("api_tokens"."workload_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"principal" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"status_code" integer,
	"body" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_principal_key_pk" PRIMARY KEY("principal","key")
);
--> statement-breakpoint
CREATE TABLE "workload_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"owner_team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"auth_kind" text NOT NULL,
	"issuer" text,
	"audience" text,
	"claim_conditions" text[] DEFAULT '{}'::text[] NOT NULL,
	"may_check_access" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "workload_identities_name_unique" UNIQUE("name"),
	CONSTRAINT "workload_identities_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "workload_identities_auth_kind_check" CHECK (auth_kind in ('oidc', 'api_key')),
	CONSTRAINT "workload_identities_oidc_check" CHECK ("workload_identities"."auth_kind" <> 'oidc' or ("workload_identities"."issuer" is not null and "workload_identities"."audience" is not null))
);
--> statement-breakpoint
ALTER TABLE "access_requests" ADD COLUMN "pipeline" jsonb;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "eligible_workload_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "auto_approval_claims" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "kind" text DEFAULT 'human' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_workload_id_workload_identities_id_fk" FOREIGN KEY ("workload_id") REFERENCES "public"."workload_identities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workload_identities" ADD CONSTRAINT "workload_identities_owner_team_id_teams_id_fk" FOREIGN KEY ("owner_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workload_identities" ADD CONSTRAINT "workload_identities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_rate_limits_window_idx" ON "api_rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "workload_identities_issuer_idx" ON "workload_identities" USING btree ("issuer");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_kind_check" CHECK (kind in ('human', 'workload'));