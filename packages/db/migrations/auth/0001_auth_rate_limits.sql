CREATE TABLE "auth_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" bigint NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "auth_rate_limits_window_idx" ON "auth_rate_limits" USING btree ("window_start");--> statement-breakpoint
-- The sign-in and sign-up guards kept their counters in Better Auth's rate_limit
-- table before; they live in auth_rate_limits now. Better Auth's own keys are
-- "<address>|<path>": everything else there was the guards' and is dropped
-- (at worst a one-minute counter starts again).
DELETE FROM "rate_limit" WHERE position('|' in "key") = 0;
