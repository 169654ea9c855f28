DROP INDEX "tasks_owner_title_idx";--> statement-breakpoint
CREATE INDEX "tasks_owner_title_c_idx" ON "tasks" USING btree ("owner_id",(lower("title") collate "C"),"id");