CREATE TABLE "control_mappings" (
	"control_id" uuid NOT NULL,
	"action" text NOT NULL,
	CONSTRAINT "control_mappings_control_id_action_pk" PRIMARY KEY("control_id","action")
);
--> statement-breakpoint
CREATE TABLE "controls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework" text NOT NULL,
	"identifier" text NOT NULL,
	"title" text NOT NULL,
	"lapse_does" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "controls_identifier_unique" UNIQUE("identifier")
);
--> statement-breakpoint
ALTER TABLE "control_mappings" ADD CONSTRAINT "control_mappings_control_id_controls_id_fk" FOREIGN KEY ("control_id") REFERENCES "public"."controls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "control_mappings_action_idx" ON "control_mappings" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","seq");