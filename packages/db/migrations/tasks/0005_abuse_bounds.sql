CREATE TABLE "deleted_accounts" (
	"owner_id" text PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "api_rate_limits_window_idx" ON "api_rate_limits" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "idempotency_keys_owner_created_idx" ON "idempotency_keys" USING btree ("owner_id","created_at");