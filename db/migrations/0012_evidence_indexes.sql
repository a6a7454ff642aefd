CREATE INDEX "access_requests_created_idx" ON "access_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "extension_requests_created_idx" ON "extension_requests" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "grants_created_idx" ON "grants" USING btree ("created_at","id");