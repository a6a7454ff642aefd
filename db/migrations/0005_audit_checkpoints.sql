CREATE TABLE "audit_checkpoints" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"head_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"key_id" text NOT NULL,
	"public_key" text NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
-- Checkpoints are evidence too, and so are ended requests and grants: nothing deletes them.
CREATE OR REPLACE FUNCTION lapse_refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is kept as evidence: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate
  BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER access_requests_no_delete
  BEFORE DELETE ON access_requests
  FOR EACH ROW EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER grants_no_delete
  BEFORE DELETE ON grants
  FOR EACH ROW EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER approvals_no_delete
  BEFORE DELETE ON approvals
  FOR EACH ROW EXECUTE FUNCTION lapse_refuse_delete();
