// The only module that touches the `tasks` table. Every function takes the
// owner's id first and puts it in the WHERE clause: there is no way to read or
// write a task without naming whose it is.

import { TASKS_PER_OWNER_MAX } from "@todo/contract/limits";
import type { TaskSort, TaskStatus, TaskView } from "@todo/contract/vocabulary";
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  lt,
  lte,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from "drizzle-orm";
import type { Database } from "./client";
import { createDeletedAccountStore } from "./deleted-accounts";
import { createListRepository, type ListChange } from "./lists";
import { lockOwnerWrites } from "./owner-lock";
import { ownerSettings } from "./schema/owner-settings";
import {
  type StoredRecurrence,
  type StoredReminder,
  type TaskPriority,
  type TaskRow,
  tasks,
} from "./schema/tasks";

export { type TaskSort, type TaskStatus, taskSorts, taskStatuses } from "@todo/contract/vocabulary";

export interface TaskWritable {
  listId: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: TaskPriority;
  /** The due day in the owner's zone: set whenever there is a due (derived from dueAt when that is set). */
  dueDate: string | null;
  dueAt: Date | null;
  tags: string[];
  recurrence: StoredRecurrence | null;
  /** The recurrence's first due (its DTSTART) and how many of its occurrences were completed. */
  recurrenceAnchor: string | null;
  recurrenceDone: number;
  reminders: StoredReminder[];
}

/**
 * A new task: the writable fields, where the list defaults to the owner's
 * Inbox (made on first need) and the recurrence fields to none.
 */
export type TaskCreateInput = Omit<
  TaskWritable,
  "listId" | "dueDate" | "recurrence" | "recurrenceAnchor" | "recurrenceDone" | "reminders"
> &
  Partial<
    Pick<
      TaskWritable,
      "listId" | "dueDate" | "recurrence" | "recurrenceAnchor" | "recurrenceDone" | "reminders"
    >
  >;

export interface TaskListQuery {
  status: TaskStatus;
  q?: string | undefined;
  priority?: TaskPriority | undefined;
  tag?: string | undefined;
  dueBefore?: Date | undefined;
  dueAfter?: Date | undefined;
  listId?: string | undefined;
  /** Tasks due on this day. */
  dueOn?: string | undefined;
  /** A planner view, with "today" as a day in the owner's zone. */
  view?: { name: TaskView; today: string } | undefined;
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
  /** Told of every task (and Inbox) this repository writes (runOwnerWrite collects them). */
  onChange?: ((change: TaskChange | ListChange) => void) | undefined;
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

/**
 * What a sort orders by, before the id that breaks ties. "By due" is the due
 * day, then the time (an all-day due first), with no due last in both
 * directions: the index `tasks_owner_due_idx` has the ascending form.
 */
function sortKeys(field: SortField, descending: boolean): SQL[] {
  switch (field) {
    case "createdAt":
      return [sql`${tasks.createdAt}`];
    case "dueAt":
      return descending
        ? [
            sql`coalesce(${tasks.dueDate}, '-infinity'::date)`,
            sql`coalesce(${tasks.dueAt}, '-infinity'::timestamptz)`,
          ]
        : [
            sql`coalesce(${tasks.dueDate}, 'infinity'::date)`,
            sql`coalesce(${tasks.dueAt}, '-infinity'::timestamptz)`,
          ];
    case "priority":
      return [sql`${tasks.priority}`];
    case "title":
      return [titleKey];
  }
}

/** A due's cursor value: `day|instant` (`day|` when all-day), null when there is no due. */
function cursorValue(field: SortField, row: TaskRow): string | null {
  switch (field) {
    case "createdAt":
      return row.createdAt.toISOString();
    case "dueAt":
      return row.dueDate ? `${row.dueDate}|${row.dueAt?.toISOString() ?? ""}` : null;
    case "priority":
      return row.priority;
    case "title":
      return row.title;
  }
}

/** Open tasks of a planner view; `today` is the owner's day. */
function viewCondition(view: TaskView, today: SQLWrapper): SQL {
  const open = eq(tasks.completed, false);
  switch (view) {
    case "today":
      return and(open, lte(tasks.dueDate, today)) as SQL;
    case "upcoming":
      return and(open, gte(tasks.dueDate, today)) as SQL;
    case "overdue":
      return and(open, or(lt(tasks.dueDate, today), lt(tasks.dueAt, sql`now()`))) as SQL;
  }
}

/** Tasks of archived lists are kept but left out of every list that does not name their list. */
// Spelled out: drizzle leaves column names unqualified in a one-table select.
const notInArchivedList = sql`not exists (select 1 from lists l where l.id = "tasks"."list_id" and l.archived)`;

/** Names a list statement's placeholders take; a value left out means its condition is left out. */
type ListParams = {
  ownerId: string;
  limit: number;
  completed?: boolean;
  pattern?: string;
  priority?: TaskPriority;
  tag?: string;
  dueBefore?: string;
  dueAfter?: string;
  listId?: string;
  dueOn?: string;
  today?: string;
  cursorKey?: string | null;
  cursorInstant?: string;
  cursorId?: string;
};

/**
 * A list query's values, and its shape: what decides the SQL text. Queries of
 * one shape share one prepared statement and differ only in these values.
 */
function listQueryParams(ownerId: string, query: TaskListQuery): { shape: string; params: ListParams } {
  const params: ListParams = { ownerId, limit: query.limit + 1 };
  if (query.status !== "all") params.completed = query.status === "completed";
  if (query.q) params.pattern = `%${escapeLike(query.q)}%`;
  if (query.priority) params.priority = query.priority;
  if (query.tag) params.tag = query.tag;
  if (query.dueBefore) params.dueBefore = query.dueBefore.toISOString();
  if (query.dueAfter) params.dueAfter = query.dueAfter.toISOString();
  if (query.listId) params.listId = query.listId;
  if (query.dueOn) params.dueOn = query.dueOn;
  if (query.view) params.today = query.view.today;
  if (query.cursor) {
    const descending = query.sort.startsWith("-");
    const value = query.cursor.value;
    if (query.sort.endsWith("dueAt")) {
      // `day|instant`, `day|` when all-day; no due sorts after every due (before, descending).
      const [day, instant] = value === null ? [descending ? "-infinity" : "infinity", ""] : value.split("|");
      params.cursorKey = day || (descending ? "-infinity" : "infinity");
      params.cursorInstant = instant || "-infinity";
    } else params.cursorKey = value;
    params.cursorId = query.cursor.id;
  }
  return { shape: `${query.sort} ${query.view?.name ?? ""} ${Object.keys(params).join(",")}`, params };
}

/** The literal a cursor's sort value is compared as, for each sort. */
function cursorLiterals(field: SortField): SQL[] {
  const key = sql.placeholder("cursorKey");
  switch (field) {
    case "createdAt":
      return [sql`${key}::timestamptz`];
    case "dueAt":
      return [sql`${key}::date`, sql`${sql.placeholder("cursorInstant")}::timestamptz`];
    case "priority":
      return [sql`${key}::task_priority`];
    case "title":
      return [sql`lower(${key}) collate "C"`];
  }
}

/** The list statement for the shape of `query`, with a placeholder for each of `params`. */
function buildListQuery(db: Database, shape: string, query: TaskListQuery, params: ListParams) {
  const descending = query.sort.startsWith("-");
  const field = (descending ? query.sort.slice(1) : query.sort) as SortField;
  const keys = sortKeys(field, descending);
  const direction = descending ? desc : asc;
  const has = (name: keyof ListParams) => name in params;
  const value = (name: keyof ListParams) => sql.placeholder(name);
  const pattern = value("pattern");
  const after = has("cursorId")
    ? sql`(${sql.join(keys, sql`, `)}, ${tasks.id}) ${descending ? sql`<` : sql`>`} (${sql.join(
        cursorLiterals(field),
        sql`, `,
      )}, ${value("cursorId")}::uuid)`
    : undefined;
  return (
    db
      .select()
      .from(tasks)
      .where(
        and(
          eq(tasks.ownerId, value("ownerId")),
          has("completed") ? eq(tasks.completed, value("completed")) : undefined,
          has("pattern") ? or(ilike(tasks.title, pattern), ilike(tasks.description, pattern)) : undefined,
          has("priority") ? eq(tasks.priority, value("priority")) : undefined,
          has("tag") ? sql`${tasks.tags} @> array[${value("tag")}]::text[]` : undefined,
          has("dueBefore") ? lt(tasks.dueAt, value("dueBefore")) : undefined,
          has("dueAfter") ? gt(tasks.dueAt, value("dueAfter")) : undefined,
          has("listId") ? eq(tasks.listId, value("listId")) : notInArchivedList,
          has("dueOn") ? eq(tasks.dueDate, value("dueOn")) : undefined,
          query.view ? viewCondition(query.view.name, value("today")) : undefined,
          after,
        ),
      )
      .orderBy(...keys.map((k) => direction(k)), direction(tasks.id))
      .limit(value("limit"))
      // A search stays unnamed, so PostgreSQL plans it for each pattern: a named
      // statement goes over to a generic plan after five runs, and a generic plan
      // cannot use the trigram indexes for a pattern it does not know (measured:
      // search at 64 connections fell from 979 to 602 requests/s).
      .prepare(has("pattern") ? "" : listStatementName(shape))
  );
}

type ListStatement = ReturnType<typeof buildListQuery>;

// PostgreSQL names a prepared statement per connection; one name per shape,
// the same in every repository, so a connection never sees one name with two texts.
const listStatementNames = new Map<string, string>();
function listStatementName(shape: string): string {
  let name = listStatementNames.get(shape);
  if (!name) {
    name = `tasks_list_${listStatementNames.size + 1}`;
    listStatementNames.set(shape, name);
  }
  return name;
}

const writableFields = [
  "listId",
  "title",
  "description",
  "completed",
  "priority",
  "dueDate",
  "dueAt",
  "tags",
  "recurrence",
  "recurrenceAnchor",
  "recurrenceDone",
  "reminders",
] as const;

/**
 * Copies only the writable columns, so no caller can set owner, id, version
 * or timestamps, even by mistake. A timed due's day is always derived from
 * its instant in the owner's zone, never taken from the caller.
 */
function pickWritable(ownerId: string, changes: Partial<TaskWritable>) {
  const picked: Partial<Record<keyof TaskWritable, unknown>> = {};
  for (const field of writableFields) if (changes[field] !== undefined) picked[field] = changes[field];
  const values = picked as Omit<Partial<TaskWritable>, "dueDate"> & { dueDate?: string | null | SQL };
  if (changes.dueAt) {
    const zone = sql`coalesce((select ${ownerSettings.timeZone} from ${ownerSettings} where ${ownerSettings.ownerId} = ${ownerId}), 'UTC')`;
    values.dueDate = sql`(${changes.dueAt.toISOString()}::timestamptz at time zone ${zone})::date`;
  }
  return values;
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

  // One prepared statement per list shape (which filters, which sort, a
  // cursor or not), built on first use: the SQL is not rebuilt per request,
  // and PostgreSQL may reuse its plan (docs/PERFORMANCE.md, "What to optimise next").
  const listStatements = new Map<string, ListStatement>();

  return {
    async listTasksForOwner(ownerId: string, query: TaskListQuery): Promise<TaskPage> {
      const { shape, params } = listQueryParams(ownerId, query);
      let statement = listStatements.get(shape);
      if (!statement) {
        statement = buildListQuery(db, shape, query, params);
        listStatements.set(shape, statement);
      }
      const rows = await statement.execute(params);

      const descending = query.sort.startsWith("-");
      const field = (descending ? query.sort.slice(1) : query.sort) as SortField;
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

    /** The owner's tasks among `ids` (missing and other owners' ids are simply absent). */
    async getTasksByIdsForOwner(ownerId: string, ids: readonly string[]): Promise<TaskRow[]> {
      if (ids.length === 0) return [];
      return db
        .select()
        .from(tasks)
        .where(ownedBy(ownerId, inArray(tasks.id, [...ids])));
    },

    /** The task, locked until the unit of work ends: for a write computed from what the task is now. */
    async getTaskForUpdateForOwner(ownerId: string, id: string): Promise<TaskRow | undefined> {
      const [row] = await db
        .select()
        .from(tasks)
        .where(ownedBy(ownerId, eq(tasks.id, id)))
        .for("update");
      return row;
    },

    /** When the owner's zone changes, each timed due keeps its instant and its day follows the zone. */
    async rederiveDueDatesForOwner(ownerId: string, timeZone: string): Promise<number> {
      const rows = await db
        .update(tasks)
        .set({ dueDate: sql`(${tasks.dueAt} at time zone ${timeZone})::date`, ...nextVersion })
        .where(
          ownedBy(
            ownerId,
            isNotNull(tasks.dueAt),
            sql`${tasks.dueDate} <> (${tasks.dueAt} at time zone ${timeZone})::date`,
          ),
        )
        .returning();
      for (const row of rows) wrote("updated", row);
      return rows.length;
    },

    /** Deletes a list's tasks (before the list itself): each deletion is a change. */
    async deleteTasksOfListForOwner(ownerId: string, listId: string): Promise<number> {
      return deleted(
        await db
          .delete(tasks)
          .where(ownedBy(ownerId, eq(tasks.listId, listId)))
          .returning({ id: tasks.id }),
      );
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
    async createTaskForOwner(ownerId: string, input: TaskCreateInput): Promise<TaskRow> {
      // One creator at a time per owner, until commit, so count-then-insert is exact.
      await lockOwnerWrites(db, ownerId, "createTaskForOwner");
      await createDeletedAccountStore(db).assertNotDeletedForOwner(ownerId);
      const [counted] = await db.select({ n: count() }).from(tasks).where(ownedBy(ownerId));
      if ((counted?.n ?? 0) >= maxTasks) throw new TaskLimitReached(maxTasks);
      const listId =
        input.listId ?? (await createListRepository(db, { onChange: changed }).ensureInboxForOwner(ownerId));
      const [row] = await db
        .insert(tasks)
        .values({
          ...pickWritable(ownerId, input),
          ownerId,
          listId,
          title: input.title,
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
          ...pickWritable(ownerId, changes),
          ...completedAt,
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

    /**
     * One page of the owner's tasks for an export or a calendar feed, archived
     * lists included, oldest first (created, then id): `after` is the last row
     * of the page before. `open` leaves out completed tasks, `due` those
     * without a due, `listId` other lists' tasks.
     */
    async exportTasksPageForOwner(
      ownerId: string,
      page: {
        after?: { createdAt: Date; id: string } | undefined;
        limit: number;
        listId?: string | undefined;
        open?: boolean | undefined;
        due?: boolean | undefined;
      },
    ): Promise<TaskRow[]> {
      return db
        .select()
        .from(tasks)
        .where(
          ownedBy(
            ownerId,
            page.listId ? eq(tasks.listId, page.listId) : undefined,
            page.open ? eq(tasks.completed, false) : undefined,
            page.due ? isNotNull(tasks.dueDate) : undefined,
            page.after
              ? sql`(${tasks.createdAt}, ${tasks.id}) > (${page.after.createdAt.toISOString()}::timestamptz, ${page.after.id}::uuid)`
              : undefined,
          ),
        )
        .orderBy(asc(tasks.createdAt), asc(tasks.id))
        .limit(page.limit);
    },

    /** What an import compares a file's tasks with: each task's list, title, description and creation. */
    async listImportKeysForOwner(
      ownerId: string,
    ): Promise<{ listId: string; title: string; description: string | null; createdAt: Date }[]> {
      return db
        .select({
          listId: tasks.listId,
          title: tasks.title,
          description: tasks.description,
          createdAt: tasks.createdAt,
        })
        .from(tasks)
        .where(ownedBy(ownerId));
    },

    /**
     * An import's tasks, in as few statements as the database allows; their
     * new ids in the order given. Runs only inside runOwnerWrite, like
     * createTaskForOwner: under the owner's lock the whole batch is refused
     * with TaskLimitReached if it would take the owner past the limit.
     * `createdAt` and `completedAt` are kept from the file (a restore keeps
     * its history); each list must already be the owner's.
     */
    async insertImportedTasksForOwner(
      ownerId: string,
      inputs: readonly (TaskCreateInput & {
        listId: string;
        reminders: (typeof tasks.$inferInsert)["reminders"];
        createdAt?: Date | undefined;
        completedAt?: Date | null | undefined;
      })[],
    ): Promise<string[]> {
      await lockOwnerWrites(db, ownerId, "insertImportedTasksForOwner");
      await createDeletedAccountStore(db).assertNotDeletedForOwner(ownerId);
      const [counted] = await db.select({ n: count() }).from(tasks).where(ownedBy(ownerId));
      if ((counted?.n ?? 0) + inputs.length > maxTasks) throw new TaskLimitReached(maxTasks);
      const ids = inputs.map(() => globalThis.crypto.randomUUID());
      // About 16 parameters a row: 1,000 rows stay far below PostgreSQL's 65,535.
      for (let start = 0; start < inputs.length; start += 1000) {
        const rows = await db
          .insert(tasks)
          .values(
            inputs.slice(start, start + 1000).map((input, i) => ({
              ...pickWritable(ownerId, input),
              id: ids[start + i] as string,
              ownerId,
              listId: input.listId,
              title: input.title,
              reminders: input.reminders,
              ...(input.createdAt ? { createdAt: input.createdAt } : {}),
              completedAt: input.completed ? (input.completedAt ?? sql`now()`) : null,
            })),
          )
          .returning();
        for (const row of rows) wrote("created", row);
      }
      return ids;
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

/** `YYYY-MM-DD|` or `YYYY-MM-DD|<instant>`, the day a real one. */
function isDueCursorValue(value: string): boolean {
  const [day, instant, ...rest] = value.split("|");
  if (rest.length > 0 || day === undefined || instant === undefined) return false;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day.startsWith("0000")) return false;
  const midnight = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return false;
  return instant === "" || isCanonicalInstant(instant);
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
  if (field === "createdAt" && !isCanonicalInstant(value as string)) return undefined;
  if (field === "dueAt" && value !== null && !isDueCursorValue(value)) return undefined;
  if (field === "priority" && !["none", "low", "medium", "high"].includes(value as string)) return undefined;
  return { sort, value, id };
}
