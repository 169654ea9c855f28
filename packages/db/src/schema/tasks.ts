// The API's table. `owner_id` is the token's `sub`; there is deliberately no
// foreign key to the auth tables, which belong to another service.

import type { RecurrenceFrom } from "@todo/contract/vocabulary";
import { type TaskPriority, taskPriorities } from "@todo/contract/vocabulary";
import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { lists } from "./lists";

export { type TaskPriority, taskPriorities };

// An enum sorts in declaration order, so ORDER BY priority is none < low < medium < high.
export const taskPriority = pgEnum("task_priority", taskPriorities);

// Millisecond precision: the values round-trip exactly through JS Dates and
// through pagination cursors, so keyset comparisons never skip or repeat a row.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** What a recurring task repeats by: the API's `recurrence` field, as stored. */
export interface StoredRecurrence {
  rule: string;
  text: string;
  from: RecurrenceFrom;
}

/** A reminder: at an instant, or some minutes before a timed due. */
export type StoredReminder = { at: string } | { before: number };

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerId: text("owner_id").notNull(),
    // Deleting a list deletes its tasks (SPEC §7); the service does it
    // explicitly, so each deletion reaches the change feed, and the cascade
    // is the database's guarantee that no task outlives its list.
    listId: uuid("list_id")
      .notNull()
      .references(() => lists.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description"),
    completed: boolean("completed").notNull().default(false),
    priority: taskPriority("priority").notNull().default("none"),
    // The due day in the owner's zone; with a time of day, `due_at` holds the
    // instant and `due_date` is derived from it (again when the zone changes).
    dueDate: date("due_date", { mode: "string" }),
    dueAt: instant("due_at"),
    recurrence: jsonb("recurrence").$type<StoredRecurrence>(),
    // The series' first due (DTSTART) and how many of its occurrences were
    // completed: INTERVAL keeps to its grid and COUNT runs out. Reset when the rule changes.
    recurrenceAnchor: date("recurrence_anchor", { mode: "string" }),
    recurrenceDone: integer("recurrence_done").notNull().default(0),
    reminders: jsonb("reminders").$type<StoredReminder[]>().notNull().default(sql`'[]'::jsonb`),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    completedAt: instant("completed_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("tasks_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    // The due order (sort=dueAt and the views): day, then time, all-day first, no due last.
    index("tasks_owner_due_idx").on(
      t.ownerId,
      sql`coalesce(${t.dueDate}, 'infinity'::date)`,
      sql`coalesce(${t.dueAt}, '-infinity'::timestamptz)`,
      t.id,
    ),
    index("tasks_owner_list_idx").on(t.ownerId, t.listId, t.completed),
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
