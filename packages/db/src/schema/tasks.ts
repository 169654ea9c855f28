// The API's table. `owner_id` is the token's `sub`; there is deliberately no
// foreign key to the auth tables, which belong to another service.

import { type TaskPriority, taskPriorities } from "@todo/contract/vocabulary";
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export { type TaskPriority, taskPriorities };

// An enum sorts in declaration order, so ORDER BY priority is none < low < medium < high.
export const taskPriority = pgEnum("task_priority", taskPriorities);

// Millisecond precision: the values round-trip exactly through JS Dates and
// through pagination cursors, so keyset comparisons never skip or repeat a row.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id").notNull(),
    title: text("title").notNull(),
    description: text("description"),
    completed: boolean("completed").notNull().default(false),
    priority: taskPriority("priority").notNull().default("none"),
    dueAt: instant("due_at"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    completedAt: instant("completed_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("tasks_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    index("tasks_owner_due_idx").on(t.ownerId, sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id),
    index("tasks_owner_priority_idx").on(t.ownerId, t.priority, t.id),
    // The title sort's own expression (tasks.ts): lower-case, "C" collation.
    index("tasks_owner_title_c_idx").on(t.ownerId, sql`(lower(${t.title}) collate "C")`, t.id),
    index("tasks_tags_idx").using("gin", t.tags),
    // Trigram indexes, one owner at a time (btree_gin puts owner_id in the
    // same GIN index): `title/description ILIKE '%word%'` then reads only the
    // rows that can match, so a word nobody used no longer scans a whole list.
    index("tasks_owner_title_trgm_idx").using("gin", t.ownerId, t.title.op("gin_trgm_ops")),
    index("tasks_owner_description_trgm_idx").using("gin", t.ownerId, t.description.op("gin_trgm_ops")),
  ],
);

export type TaskRow = typeof tasks.$inferSelect;
export const tasksSchema = { tasks, taskPriority };
