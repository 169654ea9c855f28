CREATE TABLE "lists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"name" text NOT NULL,
	"color" text DEFAULT 'grey' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"is_inbox" boolean DEFAULT false NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "owner_settings" (
	"owner_id" text PRIMARY KEY NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_completions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" text NOT NULL,
	"task_id" uuid NOT NULL,
	"due_date" date,
	"completed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
DROP INDEX "tasks_owner_due_idx";--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "list_id" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_date" date;--> statement-breakpoint
-- Hand-written data move (the rest is generated): every owner who has tasks
-- gets their Inbox, their tasks go into it, and each existing due keeps its
-- instant as a timed due, its day taken in UTC (no owner has chosen a zone yet).
INSERT INTO "lists" ("owner_id", "name", "is_inbox") SELECT DISTINCT "owner_id", 'Inbox', true FROM "tasks";--> statement-breakpoint
UPDATE "tasks" SET "list_id" = "lists"."id", "due_date" = ("tasks"."due_at" AT TIME ZONE 'UTC')::date FROM "lists" WHERE "lists"."owner_id" = "tasks"."owner_id" AND "lists"."is_inbox";--> statement-breakpoint
ALTER TABLE "tasks" ALTER COLUMN "list_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence" jsonb;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence_anchor" date;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "recurrence_done" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_completions" ADD CONSTRAINT "task_completions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lists_owner_name_idx" ON "lists" USING btree ("owner_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "lists_owner_inbox_idx" ON "lists" USING btree ("owner_id") WHERE "lists"."is_inbox";--> statement-breakpoint
CREATE INDEX "task_completions_owner_task_idx" ON "task_completions" USING btree ("owner_id","task_id","completed_at");--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_list_id_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tasks_owner_list_idx" ON "tasks" USING btree ("owner_id","list_id","completed");--> statement-breakpoint
CREATE INDEX "tasks_owner_due_idx" ON "tasks" USING btree ("owner_id",coalesce("due_date", 'infinity'::date),coalesce("due_at", '-infinity'::timestamptz),"id");