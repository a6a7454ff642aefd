-- A decision, once recorded, is evidence: the reports and the separation-of-duties proof read
-- approvals and extension approvals, so nobody (the app role included) may change or remove
-- one. Requests and grants already refuse DELETE (0005); their statuses move by design.
CREATE TRIGGER approvals_no_update
  BEFORE UPDATE ON approvals
  FOR EACH ROW EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER extension_approvals_no_update_delete
  BEFORE UPDATE OR DELETE ON extension_approvals
  FOR EACH ROW EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER decisions_no_truncate
  BEFORE TRUNCATE ON approvals
  FOR EACH STATEMENT EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER extension_decisions_no_truncate
  BEFORE TRUNCATE ON extension_approvals
  FOR EACH STATEMENT EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER requests_no_truncate
  BEFORE TRUNCATE ON access_requests
  FOR EACH STATEMENT EXECUTE FUNCTION lapse_refuse_delete();
--> statement-breakpoint
CREATE TRIGGER grants_no_truncate
  BEFORE TRUNCATE ON grants
  FOR EACH STATEMENT EXECUTE FUNCTION lapse_refuse_delete();
