// The only module that touches the `tasks` table. Every function takes the
// owner's id first and puts it in the WHERE clause: there is no way to read or
// write a task without naming whose it is.

import { TASKS_PER_OWNER_MAX } from "@todo/contract/limits";
import type { TaskSort, TaskStatus } from "@todo/contract/vocabulary";
import { and, asc, count, desc, eq, gt, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "./client";
import { createDeletedAccountStore } from "./deleted-accounts";
import { lockOwnerWrites } from "./owner-lock";
import { type TaskPriority, type TaskRow, tasks } from "./schema/tasks";

export { type TaskSort, type TaskStatus, taskSorts, taskStatuses } from "@todo/contract/vocabulary";

export interface TaskWritable {
  title: string;
  description: string | null;
  completed: boolean;
  priority: TaskPriority;
  dueAt: Date | null;
  tags: string[];
}

export interface TaskListQuery {
  status: TaskStatus;
  q?: string | undefined;
  priority?: TaskPriority | undefined;
  tag?: string | undefined;
  dueBefore?: Date | undefined;
  dueAfter?: Date | undefined;
  sort: TaskSort;
  limit: number;
  cursor?: TaskCursor | undefined;
}

/** Where the previous page ended: the last row's sort value and id. */
export interface TaskCursor {
  sort: TaskSort;
  value: string | null;
  id: string;
}

export interface TaskPage {
  items: TaskRow[];
  nextCursor: TaskCursor | null;
}

/** A task written by a unit of work: what the change feed will record. */
export type TaskChange = { kind: "created" | "updated"; task: TaskRow } | { kind: "deleted"; taskId: string };

export interface TaskRepositoryOptions {
  /** Most tasks one owner may keep (MAX_TASKS_PER_OWNER unless given). */
  maxTasksPerOwner?: number | undefined;
  /** Told of every task this repository writes (runOwnerWrite collects them). */
  onChange?: ((change: TaskChange) => void) | undefined;
}

export type WriteOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "not_found" | "version_mismatch" };

type SortField = "createdAt" | "dueAt" | "priority" | "title";

/**
 * Titles sort by their lower-case form in code point order, whatever the
 * database's default collation: the web app's comparator
 * (@todo/contract/task-order) must agree with it, and the index matches it.
 */
const titleKey = sql`lower(${tasks.title}) collate "C"`;

/** The expression a sort orders by; due dates sort missing values last in both directions. */
function sortExpression(field: SortField, descending: boolean): SQL {
  switch (field) {
    case "createdAt":
      return sql`${tasks.createdAt}`;
    case "dueAt":
      return descending
        ? sql`coalesce(${tasks.dueAt}, '-infinity'::timestamptz)`
        : sql`coalesce(${tasks.dueAt}, 'infinity'::timestamptz)`;
    case "priority":
      return sql`${tasks.priority}`;
    case "title":
      return titleKey;
  }
}

function cursorValue(field: SortField, row: TaskRow): string | null {
  switch (field) {
    case "createdAt":
      return row.createdAt.toISOString();
    case "dueAt":
      return row.dueAt ? row.dueAt.toISOString() : null;
    case "priority":
      return row.priority;
    case "title":
      return row.title;
  }
}

function cursorLiteral(field: SortField, descending: boolean, value: string | null): SQL {
  switch (field) {
    case "createdAt":
      return sql`${value}::timestamptz`;
    case "dueAt":
      return sql`${value ?? (descending ? "-infinity" : "infinity")}::timestamptz`;
    case "priority":
      return sql`${value}::task_priority`;
    case "title":
      return sql`lower(${value}) collate "C"`;
  }
}

const writableFields = ["title", "description", "completed", "priority", "dueAt", "tags"] as const;

/** Copies only the writable columns, so no caller can set owner, id, version or timestamps, even by mistake. */
function pickWritable(changes: Partial<TaskWritable>): Partial<TaskWritable> {
  const picked: Partial<Record<keyof TaskWritable, unknown>> = {};
  for (const field of writableFields) if (changes[field] !== undefined) picked[field] = changes[field];
  return picked as Partial<TaskWritable>;
}

/** The task with this id, if it is the owner's (and, when given, still at that version). */
function oneTask(ownerId: string, id: string, expectedVersion: number | undefined): SQL {
  return ownedBy(
    ownerId,
    eq(tasks.id, id),
    expectedVersion === undefined ? undefined : eq(tasks.version, expectedVersion),
  );
}

/** Every change stamps the time and moves the version on by one. */
const nextVersion = { updatedAt: sql`now()`, version: sql`${tasks.version} + 1` };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function ownedBy(ownerId: string, ...conditions: (SQL | undefined)[]): SQL {
  // `and` only returns undefined when given nothing; it always gets the owner.
  return and(eq(tasks.ownerId, ownerId), ...conditions) as SQL;
}

/** How many tasks one owner may keep; a bound on what one account can make the database hold. */
export const MAX_TASKS_PER_OWNER = TASKS_PER_OWNER_MAX;

/** Thrown by createTaskForOwner when the owner already has the maximum number of tasks. */
export class TaskLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`You already have ${limit.toLocaleString("en")} tasks, the most one account can keep.`);
  }
}

/**
 * Runs every query on `db`, whatever it is: the plain database for reads, a
 * unit of work's transaction (runOwnerWrite) for writes. It never opens a
 * transaction of its own.
 */
export function createTaskRepository(db: Database, options: TaskRepositoryOptions = {}) {
  const maxTasks = options.maxTasksPerOwner ?? MAX_TASKS_PER_OWNER;
  const changed = options.onChange ?? (() => {});

  /** Passes a successful write's row on to `onChange`. */
  function wrote(kind: "created" | "updated", row: TaskRow): TaskRow {
    changed({ kind, task: row });
    return row;
  }

  function deleted(ids: { id: string }[]): number {
    for (const { id } of ids) changed({ kind: "deleted", taskId: id });
    return ids.length;
  }

  async function existsForOwner(ownerId: string, id: string): Promise<boolean> {
    const rows = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(ownedBy(ownerId, eq(tasks.id, id)));
    return rows.length > 0;
  }

  async function missingOrStale(ownerId: string, id: string): Promise<WriteOutcome<never>> {
    return { ok: false, reason: (await existsForOwner(ownerId, id)) ? "version_mismatch" : "not_found" };
  }

  return {
    async listTasksForOwner(ownerId: string, query: TaskListQuery): Promise<TaskPage> {
      const descending = query.sort.startsWith("-");
      const field = (descending ? query.sort.slice(1) : query.sort) as SortField;
      const key = sortExpression(field, descending);
      const direction = descending ? desc : asc;
      const pattern = query.q ? `%${escapeLike(query.q)}%` : undefined;
      const after = query.cursor
        ? descending
          ? sql`(${key}, ${tasks.id}) < (${cursorLiteral(field, true, query.cursor.value)}, ${query.cursor.id}::uuid)`
          : sql`(${key}, ${tasks.id}) > (${cursorLiteral(field, false, query.cursor.value)}, ${query.cursor.id}::uuid)`
        : undefined;

      const rows = await db
        .select()
        .from(tasks)
        .where(
          ownedBy(
            ownerId,
            query.status === "all" ? undefined : eq(tasks.completed, query.status === "completed"),
            pattern ? or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)) : undefined,
            query.priority ? eq(tasks.priority, query.priority) : undefined,
            query.tag ? sql`${tasks.tags} @> array[${query.tag}]::text[]` : undefined,
            query.dueBefore ? lt(tasks.dueAt, query.dueBefore) : undefined,
            query.dueAfter ? gt(tasks.dueAt, query.dueAfter) : undefined,
            after,
          ),
        )
        .orderBy(direction(key), direction(tasks.id))
        .limit(query.limit + 1);

      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      const nextCursor =
        rows.length > query.limit && last
          ? { sort: query.sort, value: cursorValue(field, last), id: last.id }
          : null;
      return { items, nextCursor };
    },

    async getTaskForOwner(ownerId: string, id: string): Promise<TaskRow | undefined> {
      const [row] = await db
        .select()
        .from(tasks)
        .where(ownedBy(ownerId, eq(tasks.id, id)));
      return row;
    },

    async countTasksForOwner(ownerId: string): Promise<number> {
      const [row] = await db.select({ n: count() }).from(tasks).where(ownedBy(ownerId));
      return row?.n ?? 0;
    },

    /**
     * Runs only inside runOwnerWrite for this owner (it throws otherwise): the
     * owner's lock it takes there, held until commit, makes count-then-insert
     * exact and keeps a create from slipping in beside the erasure. Throws
     * TaskLimitReached when the owner is at the limit, and AccountDeleted once
     * the owner's data was erased.
     */
    async createTaskForOwner(ownerId: string, input: TaskWritable): Promise<TaskRow> {
      // One creator at a time per owner, until commit, so count-then-insert is exact.
      await lockOwnerWrites(db, ownerId, "createTaskForOwner");
      await createDeletedAccountStore(db).assertNotDeletedForOwner(ownerId);
      const [counted] = await db.select({ n: count() }).from(tasks).where(ownedBy(ownerId));
      if ((counted?.n ?? 0) >= maxTasks) throw new TaskLimitReached(maxTasks);
      const [row] = await db
        .insert(tasks)
        .values({
          ownerId,
          title: input.title,
          description: input.description,
          completed: input.completed,
          priority: input.priority,
          dueAt: input.dueAt,
          tags: input.tags,
          completedAt: input.completed ? sql`now()` : null,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return wrote("created", row);
    },

    /** Applies `changes`; with `expectedVersion` only if the task is still at that version. */
    async updateTaskForOwner(
      ownerId: string,
      id: string,
      changes: Partial<TaskWritable>,
      expectedVersion?: number,
    ): Promise<WriteOutcome<TaskRow>> {
      const completedAt =
        changes.completed === undefined
          ? {}
          : { completedAt: changes.completed ? sql`coalesce(${tasks.completedAt}, now())` : null };
      const [row] = await db
        .update(tasks)
        .set({
          ...pickWritable(changes),
          ...completedAt,
          ...nextVersion,
        })
        .where(oneTask(ownerId, id, expectedVersion))
        .returning();
      return row ? { ok: true, value: wrote("updated", row) } : missingOrStale(ownerId, id);
    },

    /** Flips `completed` in one statement, so two toggles never cancel into a lost update. */
    async toggleTaskForOwner(
      ownerId: string,
      id: string,
      expectedVersion?: number,
    ): Promise<WriteOutcome<TaskRow>> {
      const [row] = await db
        .update(tasks)
        .set({
          completed: sql`not ${tasks.completed}`,
          completedAt: sql`case when ${tasks.completed} then null else now() end`,
          ...nextVersion,
        })
        .where(oneTask(ownerId, id, expectedVersion))
        .returning();
      return row ? { ok: true, value: wrote("updated", row) } : missingOrStale(ownerId, id);
    },

    async deleteTaskForOwner(
      ownerId: string,
      id: string,
      expectedVersion?: number,
    ): Promise<WriteOutcome<string>> {
      const [row] = await db
        .delete(tasks)
        .where(oneTask(ownerId, id, expectedVersion))
        .returning({ id: tasks.id });
      if (!row) return missingOrStale(ownerId, id);
      deleted([row]);
      return { ok: true, value: row.id };
    },

    /** Erases everything the owner has: used when their account is deleted. */
    async deleteAllTasksForOwner(ownerId: string): Promise<number> {
      return deleted(await db.delete(tasks).where(ownedBy(ownerId)).returning({ id: tasks.id }));
    },

    async deleteCompletedTasksForOwner(ownerId: string): Promise<number> {
      const rows = await db
        .delete(tasks)
        .where(ownedBy(ownerId, eq(tasks.completed, true)))
        .returning({ id: tasks.id });
      return deleted(rows);
    },
  };
}

export type TaskRepository = ReturnType<typeof createTaskRepository>;

/** Opaque, URL-safe form of a cursor. */
export function encodeTaskCursor(cursor: TaskCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id])).toString("base64url");
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCanonicalInstant(value: string): boolean {
  // Four-digit years from 0001: what PostgreSQL reads back as timestamptz.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) || value.startsWith("0000")) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

/** Returns undefined for anything this module did not make for the given sort. */
export function decodeTaskCursor(text: string, sort: TaskSort): TaskCursor | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [cursorSort, value, id] = parsed as unknown[];
  if (cursorSort !== sort || typeof id !== "string" || !uuidPattern.test(id)) return undefined;
  if (value !== null && typeof value !== "string") return undefined;
  const field = sort.replace("-", "");
  if (value === null && field !== "dueAt") return undefined;
  // Only the exact form cursorValue() writes: anything Date.parse merely tolerates could still be refused by SQL.
  if ((field === "createdAt" || field === "dueAt") && value !== null && !isCanonicalInstant(value))
    return undefined;
  if (field === "priority" && !["none", "low", "medium", "high"].includes(value as string)) return undefined;
  return { sort, value, id };
}
