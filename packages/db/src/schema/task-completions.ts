// Each completion of a recurring task: the task stays open with its next due,
// and this row is the history (GET /api/tasks/{id}/completions).
import { date, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tasks } from "./tasks";

export const taskCompletions = pgTable(
  "task_completions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id").notNull(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    dueDate: date("due_date", { mode: "string" }),
    completedAt: timestamp("completed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    // The task's version this completion produced: a second, concurrent
    // completion of the version before it sees it and does not advance again.
    version: integer("version").notNull(),
  },
  (t) => [index("task_completions_owner_task_idx").on(t.ownerId, t.taskId, t.completedAt)],
);

export type TaskCompletionRow = typeof taskCompletions.$inferSelect;
