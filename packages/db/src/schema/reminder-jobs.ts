// Each reminder of each task's current occurrence, as a time to fire at.
// Written whenever a task's due or reminders change; the scheduler claims due
// rows with FOR UPDATE SKIP LOCKED, so with several API processes each fires
// exactly once.
import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tasks } from "./tasks";

export const reminderJobs = pgTable(
  "reminder_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id").notNull(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    remindAt: timestamp("remind_at", { withTimezone: true, precision: 3 }).notNull(),
    firedAt: timestamp("fired_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("reminder_jobs_pending_idx").on(t.remindAt).where(sql`${t.firedAt} is null`),
    index("reminder_jobs_owner_task_idx").on(t.ownerId, t.taskId),
  ],
);

export type ReminderJobRow = typeof reminderJobs.$inferSelect;
