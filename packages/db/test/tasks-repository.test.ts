// The task repository against every back-end: in-memory PGlite always, and a
// real PostgreSQL when TEST_DATABASE_URL is set (see @todo/testing/databases).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Backend, backends } from "@todo/testing/databases";
import { newOwnerId, taskInput } from "@todo/testing/fixtures";
import { eq, type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, type DbHandle, migrationsFolder } from "../src/client";
import { createListRepository } from "../src/lists";
import { runOwnerWrite } from "../src/owner-writes";
import { type TaskPriority, type TaskRow, taskPriorities, tasks } from "../src/schema/tasks";
import {
  createTaskRepository,
  decodeTaskCursor,
  encodeTaskCursor,
  type TaskCursor,
  type TaskListQuery,
  type TaskRepository,
  type TaskSort,
  type TaskWritable,
  taskSorts,
} from "../src/tasks";

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

function journalEntries(set: "auth" | "tasks"): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(set), "meta", "_journal.json"), "utf8"));
  return journal.entries.length;
}

async function appliedMigrations(db: Database, set: "auth" | "tasks"): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${sql.identifier("drizzle")}.${sql.identifier(`__drizzle_migrations_${set}`)}`,
  );
  return row?.n ?? -1;
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const [row] = await rows<{ t: string | null }>(db, sql`select to_regclass(${`public.${name}`})::text as t`);
  return row?.t != null;
}

/** The repository on the plain database, its creates each in a unit of work: where they must run. */
function repositoryOn(handle: DbHandle): TaskRepository {
  return {
    ...createTaskRepository(handle.db),
    createTaskForOwner: (ownerId, input) =>
      runOwnerWrite(handle, ownerId, (unit) => unit.tasks.createTaskForOwner(ownerId, input)),
  };
}

const ids = (list: { id: string }[]) => list.map((t) => t.id);
const sortedIds = (list: { id: string }[]) => ids(list).sort();

function listQuery(overrides: Partial<TaskListQuery> = {}): TaskListQuery {
  return { status: "all", sort: "-createdAt", limit: 100, ...overrides };
}

/** The order the spec promises for a sort, with the id as the tie-breaker in the same direction. */
function compareFor(sort: TaskSort): (a: TaskRow, b: TaskRow) => number {
  const descending = sort.startsWith("-");
  const field = descending ? sort.slice(1) : sort;
  const key = (row: TaskRow): number | string => {
    switch (field) {
      case "createdAt":
        return row.createdAt.getTime();
      case "dueAt":
        // Missing due dates last in both directions.
        return row.dueAt ? row.dueAt.getTime() : descending ? -Infinity : Infinity;
      case "priority":
        return taskPriorities.indexOf(row.priority);
      case "title":
        return row.title.toLowerCase();
      default:
        throw new Error(`unknown sort ${sort}`);
    }
  };
  const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => {
    const order = cmp(key(a), key(b)) || cmp(a.id, b.id);
    return descending ? -order : order;
  };
}

describe.each(backends())("tasks repository on $name", (backend: Backend) => {
  let handle: DbHandle;
  let db: Database;
  let repo: TaskRepository;

  beforeAll(async () => {
    handle = await backend.open();
    await handle.migrate("tasks");
    db = handle.db;
    repo = repositoryOn(handle);
  });

  afterAll(async () => {
    await backend.cleanup();
  });

  describe("migrations", () => {
    it("apply to a fresh database", async () => {
      const fresh = await backend.open();
      expect(await tableExists(fresh.db, "tasks")).toBe(false);

      await fresh.migrate("tasks");

      expect(await tableExists(fresh.db, "tasks")).toBe(true);
      expect(await appliedMigrations(fresh.db, "tasks")).toBe(journalEntries("tasks"));
      const labels = await rows<{ label: string }>(
        fresh.db,
        sql`select unnest(enum_range(null::task_priority))::text as label`,
      );
      expect(labels.map((l) => l.label)).toEqual(["none", "low", "medium", "high"]);
      const indexes = await rows<{ indexname: string }>(
        fresh.db,
        sql`select indexname from pg_indexes where schemaname = 'public' and tablename = 'tasks'`,
      );
      expect(indexes.map((i) => i.indexname).sort()).toEqual(
        [
          "tasks_owner_created_idx",
          "tasks_owner_due_idx",
          "tasks_owner_list_idx",
          "tasks_owner_priority_idx",
          "tasks_owner_title_c_idx",
          "tasks_pkey",
          "tasks_tags_idx",
          "tasks_owner_title_trgm_idx",
          "tasks_owner_description_trgm_idx",
        ].sort(),
      );
      // The migrated table works with the repository and its defaults.
      const created = await repositoryOn(fresh).createTaskForOwner("u1", taskInput());
      expect(created).toMatchObject({ completed: false, priority: "none", tags: [], version: 1 });
    });

    it("applying them twice is a no-op that keeps the data", async () => {
      const fresh = await backend.open();
      await fresh.migrate("tasks");
      const freshRepo = repositoryOn(fresh);
      const task = await freshRepo.createTaskForOwner("u1", taskInput({ title: "survives" }));

      await fresh.migrate("tasks");

      expect(await appliedMigrations(fresh.db, "tasks")).toBe(journalEntries("tasks"));
      expect(await freshRepo.getTaskForOwner("u1", task.id)).toEqual(task);
      expect(await freshRepo.countTasksForOwner("u1")).toBe(1);
    });

    it("keeps a separate journal per migration set in one database", async () => {
      const fresh = await backend.open();
      await fresh.migrate("tasks");
      await fresh.migrate("auth");
      await fresh.migrate("tasks");
      await fresh.migrate("auth");

      expect(await tableExists(fresh.db, "tasks")).toBe(true);
      expect(await tableExists(fresh.db, "user")).toBe(true);
      expect(await appliedMigrations(fresh.db, "tasks")).toBe(journalEntries("tasks"));
      expect(await appliedMigrations(fresh.db, "auth")).toBe(journalEntries("auth"));
    });
  });

  describe("create and get", () => {
    it("fills in the server-made fields", async () => {
      const owner = newOwnerId();
      const before = Date.now();
      const task = await repo.createTaskForOwner(
        owner,
        taskInput({
          title: "Write tests",
          description: "for the repository",
          priority: "high",
          dueAt: new Date("2030-05-06T07:08:09.123Z"),
          tags: ["work", "db"],
        }),
      );
      expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(task).toMatchObject({
        ownerId: owner,
        title: "Write tests",
        description: "for the repository",
        completed: false,
        priority: "high",
        tags: ["work", "db"],
        completedAt: null,
        version: 1,
      });
      expect(task.dueAt?.toISOString()).toBe("2030-05-06T07:08:09.123Z");
      expect(task.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(task.updatedAt.getTime()).toBe(task.createdAt.getTime());
      expect(await repo.getTaskForOwner(owner, task.id)).toEqual(task);
    });

    it("sets completedAt when created already completed", async () => {
      const task = await repo.createTaskForOwner(newOwnerId(), taskInput({ completed: true }));
      expect(task.completed).toBe(true);
      expect(task.completedAt).toBeInstanceOf(Date);
      expect(task.completedAt?.getTime()).toBe(task.createdAt.getTime());
    });

    it("returns undefined for an id that does not exist", async () => {
      expect(await repo.getTaskForOwner(newOwnerId(), randomUUID())).toBeUndefined();
    });
  });

  describe("owner scoping", () => {
    let ownerA: string;
    let ownerB: string;
    let taskA: TaskRow;
    let doneA: TaskRow;

    beforeAll(async () => {
      ownerA = newOwnerId();
      ownerB = newOwnerId();
      taskA = await repo.createTaskForOwner(ownerA, taskInput({ title: "A's secret", tags: ["private"] }));
      doneA = await repo.createTaskForOwner(ownerA, taskInput({ title: "A's done", completed: true }));
      await repo.createTaskForOwner(ownerB, taskInput({ title: "B's own" }));
    });

    it("hides A's task from B's get", async () => {
      expect(await repo.getTaskForOwner(ownerB, taskA.id)).toBeUndefined();
      expect(await repo.getTaskForOwner(ownerA, taskA.id)).toEqual(taskA);
    });

    it("refuses B's update and delete of A's task as not_found, even with A's version", async () => {
      const notFound = { ok: false, reason: "not_found" };
      expect(await repo.updateTaskForOwner(ownerB, taskA.id, { title: "hijacked" })).toEqual(notFound);
      expect(await repo.updateTaskForOwner(ownerB, taskA.id, { title: "hijacked" }, 1)).toEqual(notFound);
      expect(await repo.updateTaskForOwner(ownerB, taskA.id, { completed: true }, 99)).toEqual(notFound);
      expect(await repo.deleteTaskForOwner(ownerB, taskA.id)).toEqual(notFound);
      expect(await repo.deleteTaskForOwner(ownerB, taskA.id, 1)).toEqual(notFound);

      expect(await repo.getTaskForOwner(ownerA, taskA.id)).toEqual(taskA);
    });

    it("never lists A's tasks for B, whatever the filters", async () => {
      const queries: Partial<TaskListQuery>[] = [
        {},
        { status: "completed" },
        { q: "secret" },
        { tag: "private" },
        ...taskSorts.map((sort) => ({ sort })),
      ];
      for (const query of queries) {
        const page = await repo.listTasksForOwner(ownerB, listQuery(query));
        expect(ids(page.items)).not.toContain(taskA.id);
        expect(ids(page.items)).not.toContain(doneA.id);
        expect(page.items.every((t) => t.ownerId === ownerB)).toBe(true);
      }
      expect((await repo.listTasksForOwner(ownerB, listQuery({ q: "secret" }))).items).toEqual([]);
    });

    it("counts per owner", async () => {
      expect(await repo.countTasksForOwner(ownerA)).toBe(2);
      expect(await repo.countTasksForOwner(ownerB)).toBe(1);
      expect(await repo.countTasksForOwner(newOwnerId())).toBe(0);
    });

    it("clears only the caller's completed tasks", async () => {
      const doneB = await repo.createTaskForOwner(ownerB, taskInput({ title: "B's done", completed: true }));

      expect(await repo.deleteCompletedTasksForOwner(ownerB)).toBe(1);
      expect(await repo.getTaskForOwner(ownerB, doneB.id)).toBeUndefined();
      expect(await repo.getTaskForOwner(ownerA, doneA.id)).toEqual(doneA);
      expect(await repo.countTasksForOwner(ownerB)).toBe(1);

      expect(await repo.deleteCompletedTasksForOwner(ownerB)).toBe(0);
      expect(await repo.countTasksForOwner(ownerA)).toBe(2);
    });
  });

  describe("versions", () => {
    it("start at 1 and go up by one on every update", async () => {
      const owner = newOwnerId();
      const task = await repo.createTaskForOwner(owner, taskInput());
      expect(task.version).toBe(1);

      const steps = [
        () => repo.updateTaskForOwner(owner, task.id, { title: "renamed" }),
        () => repo.updateTaskForOwner(owner, task.id, { completed: true }),
        () => repo.updateTaskForOwner(owner, task.id, { priority: "low" }, 3),
        () => repo.updateTaskForOwner(owner, task.id, { completed: false }, 4),
        () => repo.updateTaskForOwner(owner, task.id, {}),
      ];
      let expected = 1;
      for (const step of steps) {
        const outcome = await step();
        expected += 1;
        expect(outcome.ok).toBe(true);
        if (outcome.ok) expect(outcome.value.version).toBe(expected);
      }
      const stored = await repo.getTaskForOwner(owner, task.id);
      expect(stored).toMatchObject({ version: 6, title: "renamed", priority: "low", completed: false });
    });

    it("refuses a stale expectedVersion as version_mismatch and changes nothing", async () => {
      const owner = newOwnerId();
      const created = await repo.createTaskForOwner(owner, taskInput({ title: "original" }));
      const updated = await repo.updateTaskForOwner(owner, created.id, { title: "second" }, 1);
      expect(updated.ok).toBe(true);
      const current = await repo.getTaskForOwner(owner, created.id);
      expect(current?.version).toBe(2);

      const mismatch = { ok: false, reason: "version_mismatch" };
      expect(await repo.updateTaskForOwner(owner, created.id, { title: "stale" }, 1)).toEqual(mismatch);
      expect(await repo.updateTaskForOwner(owner, created.id, { title: "future" }, 3)).toEqual(mismatch);
      expect(await repo.updateTaskForOwner(owner, created.id, { completed: true }, 1)).toEqual(mismatch);
      expect(await repo.deleteTaskForOwner(owner, created.id, 1)).toEqual(mismatch);

      expect(await repo.getTaskForOwner(owner, created.id)).toEqual(current);
    });

    it("deletes with the right expectedVersion", async () => {
      const owner = newOwnerId();
      const task = await repo.createTaskForOwner(owner, taskInput());
      expect(await repo.deleteTaskForOwner(owner, task.id, 1)).toEqual({ ok: true, value: task.id });
      expect(await repo.getTaskForOwner(owner, task.id)).toBeUndefined();
      expect(await repo.deleteTaskForOwner(owner, task.id)).toEqual({ ok: false, reason: "not_found" });
    });

    it("reports a missing id as not_found, with or without expectedVersion", async () => {
      const owner = newOwnerId();
      await repo.createTaskForOwner(owner, taskInput());
      const missing = randomUUID();
      const notFound = { ok: false, reason: "not_found" };
      expect(await repo.updateTaskForOwner(owner, missing, { title: "x" })).toEqual(notFound);
      expect(await repo.updateTaskForOwner(owner, missing, { title: "x" }, 1)).toEqual(notFound);
      expect(await repo.deleteTaskForOwner(owner, missing)).toEqual(notFound);
      expect(await repo.deleteTaskForOwner(owner, missing, 1)).toEqual(notFound);
      expect(await repo.countTasksForOwner(owner)).toBe(1);
    });

    it("lets exactly one of 20 concurrent updates with the same expectedVersion win", async () => {
      const owner = newOwnerId();
      const task = await repo.createTaskForOwner(owner, taskInput({ title: "contested" }));

      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          repo.updateTaskForOwner(owner, task.id, { title: `writer ${i}` }, 1),
        ),
      );

      const winners = outcomes.filter((o) => o.ok);
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((o) => !o.ok && o.reason === "version_mismatch")).toHaveLength(19);
      const stored = await repo.getTaskForOwner(owner, task.id);
      expect(stored?.version).toBe(2);
      expect(winners[0]?.ok && stored?.title === winners[0].value.title).toBe(true);
    });

    it("loses no increment under concurrent writes without expectedVersion", async () => {
      const owner = newOwnerId();
      const task = await repo.createTaskForOwner(owner, taskInput());

      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          repo.updateTaskForOwner(owner, task.id, { description: `d${i}` }),
        ),
      );
      expect((await repo.getTaskForOwner(owner, task.id))?.version).toBe(11);
    });
  });

  describe("completedAt", () => {
    const past = new Date("2020-02-03T04:05:06.789Z");

    async function completedInThePast(owner: string): Promise<TaskRow> {
      const task = await repo.createTaskForOwner(owner, taskInput({ completed: true }));
      // Backdate it so "kept" and "set again to now" cannot be confused.
      await db.update(tasks).set({ completedAt: past }).where(eq(tasks.id, task.id));
      const stored = await repo.getTaskForOwner(owner, task.id);
      expect(stored?.completedAt?.toISOString()).toBe(past.toISOString());
      return stored as TaskRow;
    }

    it("is set when completed becomes true and cleared when it becomes false", async () => {
      const owner = newOwnerId();
      const task = await repo.createTaskForOwner(owner, taskInput());
      expect(task.completedAt).toBeNull();

      const done = await repo.updateTaskForOwner(owner, task.id, { completed: true });
      expect(done.ok && done.value.completed).toBe(true);
      expect(done.ok && done.value.completedAt).toBeInstanceOf(Date);
      if (done.ok) expect(done.value.completedAt?.getTime()).toBe(done.value.updatedAt.getTime());

      const undone = await repo.updateTaskForOwner(owner, task.id, { completed: false });
      expect(undone.ok && undone.value.completed).toBe(false);
      expect(undone.ok && undone.value.completedAt).toBeNull();
    });

    it("is kept when an already completed task is updated with completed: true again", async () => {
      const owner = newOwnerId();
      const task = await completedInThePast(owner);
      const outcome = await repo.updateTaskForOwner(owner, task.id, { completed: true, title: "still done" });
      expect(outcome.ok).toBe(true);
      if (!outcome.ok) return;
      expect(outcome.value.completedAt?.toISOString()).toBe(past.toISOString());
      expect(outcome.value.title).toBe("still done");
    });

    it("is kept by an update that does not mention completed", async () => {
      const owner = newOwnerId();
      const task = await completedInThePast(owner);
      const outcome = await repo.updateTaskForOwner(owner, task.id, { priority: "medium" });
      expect(outcome.ok && outcome.value.completedAt?.toISOString()).toBe(past.toISOString());
      expect(outcome.ok && outcome.value.completed).toBe(true);
    });

    it("is cleared on reopening and set anew on completing again", async () => {
      const owner = newOwnerId();
      const task = await completedInThePast(owner);

      const reopened = await repo.updateTaskForOwner(owner, task.id, { completed: false });
      expect(reopened).toMatchObject({ ok: true, value: { completed: false, completedAt: null } });

      const redone = await repo.updateTaskForOwner(owner, task.id, { completed: true });
      expect(redone.ok).toBe(true);
      if (!redone.ok) return;
      expect(redone.value.completed).toBe(true);
      expect(redone.value.completedAt).toBeInstanceOf(Date);
      expect(redone.value.completedAt?.getTime()).toBeGreaterThan(past.getTime());
      expect(redone.value.completedAt?.getTime()).toBe(redone.value.updatedAt.getTime());
    });
  });

  describe("list filters", () => {
    const owner = newOwnerId();
    const other = newOwnerId();
    const t: Record<string, TaskRow> = {};

    beforeAll(async () => {
      const seed: [string, Partial<TaskWritable>][] = [
        [
          "milk",
          {
            title: "Buy Milk",
            priority: "high",
            tags: ["shopping", "errand"],
            dueAt: new Date("2030-01-10T00:00:00Z"),
          },
        ],
        [
          "report",
          {
            title: "write report",
            description: "Quarterly MILK numbers",
            completed: true,
            priority: "low",
            tags: ["work"],
            dueAt: new Date("2030-01-20T00:00:00Z"),
          },
        ],
        ["percent", { title: "100% done", completed: true, priority: "medium" }],
        [
          "underscore",
          {
            title: "snake_case names",
            description: "rename vars",
            priority: "none",
            tags: ["work"],
            dueAt: new Date("2030-01-15T00:00:00Z"),
          },
        ],
        [
          "backslash",
          { title: "plain", description: "path a\\b here", priority: "high", tags: ["homework"] },
        ],
        [
          "lookalike",
          { title: "snakeXcase", description: "1000 things", dueAt: new Date("2029-12-31T00:00:00Z") },
        ],
      ];
      for (const [name, fields] of seed) t[name] = await repo.createTaskForOwner(owner, taskInput(fields));
      // Another owner with matching tasks, which must never show up.
      for (const [, fields] of seed) await repo.createTaskForOwner(other, taskInput(fields));
    });

    const list = async (query: Partial<TaskListQuery>) =>
      sortedIds((await repo.listTasksForOwner(owner, listQuery(query))).items);
    const expectIds = (...names: string[]) => names.map((n) => t[n]?.id as string).sort();

    it("filters by status", async () => {
      expect(await list({ status: "all" })).toEqual(
        expectIds("milk", "report", "percent", "underscore", "backslash", "lookalike"),
      );
      expect(await list({ status: "active" })).toEqual(
        expectIds("milk", "underscore", "backslash", "lookalike"),
      );
      expect(await list({ status: "completed" })).toEqual(expectIds("report", "percent"));
    });

    it("searches title and description case-insensitively", async () => {
      expect(await list({ q: "milk" })).toEqual(expectIds("milk", "report"));
      expect(await list({ q: "MiLk" })).toEqual(expectIds("milk", "report"));
      expect(await list({ q: "RENAME" })).toEqual(expectIds("underscore"));
      expect(await list({ q: "nothing matches this" })).toEqual([]);
    });

    it("treats %, _ and \\ in q literally", async () => {
      expect(await list({ q: "%" })).toEqual(expectIds("percent"));
      expect(await list({ q: "100%" })).toEqual(expectIds("percent"));
      expect(await list({ q: "_" })).toEqual(expectIds("underscore"));
      expect(await list({ q: "snake_" })).toEqual(expectIds("underscore"));
      expect(await list({ q: "a\\b" })).toEqual(expectIds("backslash"));
      expect(await list({ q: "\\" })).toEqual(expectIds("backslash"));
    });

    it("filters by priority", async () => {
      expect(await list({ priority: "high" })).toEqual(expectIds("milk", "backslash"));
      expect(await list({ priority: "none" })).toEqual(expectIds("underscore", "lookalike"));
      expect(await list({ priority: "medium" })).toEqual(expectIds("percent"));
    });

    it("filters by whole tag", async () => {
      expect(await list({ tag: "work" })).toEqual(expectIds("report", "underscore"));
      expect(await list({ tag: "errand" })).toEqual(expectIds("milk"));
      expect(await list({ tag: "wor" })).toEqual([]);
      expect(await list({ tag: "%" })).toEqual([]);
    });

    it("filters by due date with strict bounds and skips undated tasks", async () => {
      const jan15 = new Date("2030-01-15T00:00:00Z");
      expect(await list({ dueBefore: jan15 })).toEqual(expectIds("milk", "lookalike"));
      expect(await list({ dueAfter: jan15 })).toEqual(expectIds("report"));
      expect(
        await list({
          dueAfter: new Date("2030-01-10T00:00:00Z"),
          dueBefore: new Date("2030-01-20T00:00:00Z"),
        }),
      ).toEqual(expectIds("underscore"));
      expect(await list({ dueAfter: new Date("2000-01-01T00:00:00Z") })).toEqual(
        expectIds("milk", "report", "underscore", "lookalike"),
      );
    });

    it("combines filters with AND", async () => {
      expect(await list({ status: "active", tag: "work" })).toEqual(expectIds("underscore"));
      expect(await list({ status: "completed", q: "milk" })).toEqual(expectIds("report"));
      expect(await list({ status: "active", q: "milk" })).toEqual(expectIds("milk"));
      expect(await list({ priority: "high", dueBefore: new Date("2031-01-01T00:00:00Z") })).toEqual(
        expectIds("milk"),
      );
      expect(await list({ priority: "low", status: "active" })).toEqual([]);
      expect(await list({ q: "snake", tag: "work", status: "active", priority: "none" })).toEqual(
        expectIds("underscore"),
      );
    });

    it("respects limit and hands out a cursor only when more rows exist", async () => {
      const page = await repo.listTasksForOwner(owner, listQuery({ limit: 2 }));
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
      const exact = await repo.listTasksForOwner(owner, listQuery({ limit: 6 }));
      expect(exact.items).toHaveLength(6);
      expect(exact.nextCursor).toBeNull();
    });
  });

  describe("cursor pagination", () => {
    const owner = newOwnerId();
    const other = newOwnerId();
    let all: TaskRow[];
    const words = ["alpha", "bravo", "charlie", "delta", "echo"];
    const cases = ["lower", "Capital", "UPPER"] as const;
    const variant = (word: string, kind: (typeof cases)[number]) =>
      kind === "lower"
        ? word
        : kind === "UPPER"
          ? word.toUpperCase()
          : word[0]?.toUpperCase() + word.slice(1);
    const day = 86_400_000;
    const base = Date.UTC(2024, 0, 1);

    const inboxes = new Map<string, string>();
    function seedRow(i: number, ownerId: string): typeof tasks.$inferInsert {
      const dueAt = i % 4 === 0 ? null : new Date(base + (i % 5) * day);
      return {
        ownerId,
        listId: inboxes.get(ownerId) as string,
        dueDate: dueAt?.toISOString().slice(0, 10) ?? null,
        title: variant(words[i % 5] as string, cases[Math.floor(i / 5) % 3] as (typeof cases)[number]),
        description: null,
        completed: i % 3 === 0,
        priority: taskPriorities[Math.floor(i / 2) % 4] as TaskPriority,
        // Every fourth has no due date; the rest share five distinct dates.
        dueAt,
        tags: [],
      };
    }

    beforeAll(async () => {
      for (const id of [owner, other])
        inboxes.set(id, await createListRepository(db).ensureInboxForOwner(id));
      // 30 rows in groups of three with identical explicit createdAt.
      await db.insert(tasks).values(
        Array.from({ length: 30 }, (_, i) => ({
          ...seedRow(i, owner),
          createdAt: new Date(base + Math.floor(i / 3) * 1000),
        })),
      );
      // 10 more in one statement without createdAt: all get the same now().
      await db.insert(tasks).values(Array.from({ length: 10 }, (_, i) => seedRow(30 + i, owner)));
      // The other owner's rows sit between A's in every order.
      await db.insert(tasks).values(
        Array.from({ length: 12 }, (_, i) => ({
          ...seedRow(i * 3, other),
          createdAt: new Date(base + i * 1000),
        })),
      );
      await db.insert(tasks).values(Array.from({ length: 5 }, (_, i) => seedRow(i, other)));
      all = await db.select().from(tasks).where(eq(tasks.ownerId, owner));
    });

    it("is seeded with the duplicates it is meant to exercise", () => {
      expect(all).toHaveLength(40);
      const count = (values: unknown[]) => new Set(values).size;
      expect(count(all.map((r) => r.createdAt.getTime()))).toBeLessThan(all.length);
      const late = all.filter((r) => r.createdAt.getTime() > base + 3_600_000);
      expect(late).toHaveLength(10);
      expect(count(late.map((r) => r.createdAt.getTime()))).toBe(1);
      expect(all.filter((r) => r.dueAt === null).length).toBeGreaterThan(5);
      expect(count(all.map((r) => r.title))).toBe(15);
      expect(count(all.map((r) => r.title.toLowerCase()))).toBe(5);
      expect(count(all.map((r) => r.priority))).toBe(4);
    });

    const paginationCases: [TaskSort, number, TaskListQuery["status"]][] = [
      ...taskSorts.map((s): [TaskSort, number, TaskListQuery["status"]] => [s, 7, "all"]),
      ...taskSorts.map((s): [TaskSort, number, TaskListQuery["status"]] => [s, 8, "all"]),
      ...taskSorts.map((s): [TaskSort, number, TaskListQuery["status"]] => [s, 4, "active"]),
    ];

    it.each(paginationCases)(
      "pages through sort %s with limit %i (status %s)",
      async (sort, limit, status) => {
        const expected = all
          .filter((r) => status === "all" || r.completed === (status === "completed"))
          .sort(compareFor(sort));
        const seen: TaskRow[] = [];
        let cursor: TaskCursor | undefined;
        let pages = 0;
        do {
          const page = await repo.listTasksForOwner(owner, { status, sort, limit, cursor });
          pages += 1;
          expect(pages).toBeLessThanOrEqual(expected.length + 1);
          for (const item of page.items) expect(item.ownerId).toBe(owner);
          seen.push(...page.items);
          if (page.nextCursor) {
            expect(page.items).toHaveLength(limit);
            expect(page.nextCursor.sort).toBe(sort);
            // Round-trip the cursor the way the API hands it to clients.
            cursor = decodeTaskCursor(encodeTaskCursor(page.nextCursor), sort);
            expect(cursor).toEqual(page.nextCursor);
          } else {
            cursor = undefined;
          }
        } while (cursor);

        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
        expect(new Set(ids(seen)).size).toBe(seen.length);
        expect(ids(seen)).toEqual(ids(expected));

        // Independent checks of the promised order, not just of our comparator.
        const descending = sort.startsWith("-");
        const field = sort.replace("-", "");
        for (let i = 1; i < seen.length; i++) {
          const a = seen[i - 1] as TaskRow;
          const b = seen[i] as TaskRow;
          const ordered = descending ? ([b, a] as const) : ([a, b] as const);
          if (field === "title")
            expect(ordered[0].title.toLowerCase() <= ordered[1].title.toLowerCase()).toBe(true);
          if (field === "priority")
            expect(taskPriorities.indexOf(ordered[0].priority)).toBeLessThanOrEqual(
              taskPriorities.indexOf(ordered[1].priority),
            );
          if (field === "createdAt")
            expect(ordered[0].createdAt.getTime()).toBeLessThanOrEqual(ordered[1].createdAt.getTime());
          if (field === "dueAt" && a.dueAt === null) expect(b.dueAt).toBeNull();
        }
        if (field === "dueAt") expect(seen.at(-1)?.dueAt).toBeNull();
      },
    );

    it("orders priority none < low < medium < high", async () => {
      const page = await repo.listTasksForOwner(owner, listQuery({ sort: "priority", limit: 100 }));
      const firsts = taskPriorities.map((p) => page.items.findIndex((r) => r.priority === p));
      expect(firsts.every((index) => index >= 0)).toBe(true);
      expect([...firsts].sort((x, y) => x - y)).toEqual(firsts);
    });

    it("keeps undated tasks last for both due-date directions", async () => {
      for (const sort of ["dueAt", "-dueAt"] as const) {
        const page = await repo.listTasksForOwner(owner, listQuery({ sort, limit: 100 }));
        const dueAt = page.items.map((r) => r.dueAt);
        const firstNull = dueAt.indexOf(null);
        expect(firstNull).toBeGreaterThan(0);
        expect(dueAt.slice(firstNull).every((d) => d === null)).toBe(true);
        expect(dueAt.slice(0, firstNull).every((d) => d !== null)).toBe(true);
      }
    });
  });

  describe("cursors from outside", () => {
    // The API decodes a client's cursor and passes it here; anything the
    // decoder accepts must be safe to query with (a bad one is a 422, not a 500).
    // decodeTaskCursor once validated dates with Date.parse, which accepts
    // strings PostgreSQL's timestamptz input rejects (e.g. "hello 2024",
    // "2024-02-30", "+275760-09-13T00:00:00.000Z"), so listTasksForOwner threw
    // "invalid input syntax for type timestamp with time zone".
    it("never throws for a cursor that decodeTaskCursor accepted", async () => {
      const owner = newOwnerId();
      await repo.createTaskForOwner(owner, taskInput({ dueAt: new Date("2030-01-01T00:00:00Z") }));
      const forged: TaskCursor[] = [
        { sort: "createdAt", value: "hello 2024", id: randomUUID() },
        { sort: "-createdAt", value: "2024-02-30", id: randomUUID() },
        { sort: "dueAt", value: "+275760-09-13T00:00:00.000Z", id: randomUUID() },
      ];
      for (const candidate of forged) {
        const cursor = decodeTaskCursor(encodeTaskCursor(candidate), candidate.sort);
        if (!cursor) continue;
        await repo.listTasksForOwner(owner, listQuery({ sort: cursor.sort, cursor }));
      }
    });

    it("accepts an odd but valid title cursor value without SQL trouble", async () => {
      const owner = newOwnerId();
      const created = await repo.createTaskForOwner(owner, taskInput({ title: "zulu" }));
      const cursor = decodeTaskCursor(
        encodeTaskCursor({ sort: "title", value: "') or 1=1 --", id: randomUUID() }),
        "title",
      );
      expect(cursor).toBeDefined();
      const page = await repo.listTasksForOwner(owner, listQuery({ sort: "title", cursor }));
      expect(ids(page.items)).toEqual([created.id]);
    });
  });
});

describe("task cursors", () => {
  const id = "0b6f8a3e-3c1d-4e5f-8a9b-0c1d2e3f4a5b";
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  const valid: TaskCursor[] = [
    { sort: "createdAt", value: "2024-01-02T03:04:05.678Z", id },
    { sort: "-createdAt", value: "2024-01-02T03:04:05.678Z", id },
    { sort: "dueAt", value: "2030-01-01|2030-01-01T00:00:00.000Z", id },
    { sort: "dueAt", value: "2030-01-01|", id },
    { sort: "dueAt", value: null, id },
    { sort: "-dueAt", value: null, id },
    { sort: "priority", value: "medium", id },
    { sort: "-priority", value: "none", id },
    { sort: "title", value: 'Hello, wörld %_\\ "quotes"', id },
    { sort: "-title", value: "", id },
  ];

  it.each(valid)("round-trips a $sort cursor with value $value", (cursor) => {
    const text = encodeTaskCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTaskCursor(text, cursor.sort)).toEqual(cursor);
  });

  it("accepts an upper-case uuid", () => {
    const cursor = { sort: "title" as const, value: "a", id: id.toUpperCase() };
    expect(decodeTaskCursor(encodeTaskCursor(cursor), "title")).toEqual(cursor);
  });

  it("rejects garbage", () => {
    const garbage = [
      "",
      "!!!",
      "not a cursor",
      "eyJ",
      Buffer.from("{").toString("base64url"),
      b64({ sort: "title", value: "a", id }),
      b64(["title", "a"]),
      b64(["title", "a", id, "extra"]),
      b64("title"),
      b64(42),
      b64(null),
    ];
    for (const text of garbage) expect(decodeTaskCursor(text, "title"), text).toBeUndefined();
  });

  it("rejects a cursor made for another sort", () => {
    for (const cursor of valid) {
      const text = encodeTaskCursor(cursor);
      for (const sort of taskSorts.filter((s) => s !== cursor.sort)) {
        // null dueAt cursors are only valid for the two due-date sorts; same-field other-direction must still fail.
        expect(decodeTaskCursor(text, sort), `${cursor.sort} as ${sort}`).toBeUndefined();
      }
    }
  });

  it("rejects an id that is not a uuid", () => {
    for (const bad of ["1", "not-a-uuid", `${id}0`, `${id.slice(0, -1)}g`, "' or 1=1 --", ""]) {
      expect(decodeTaskCursor(b64(["title", "a", bad]), "title"), bad).toBeUndefined();
    }
    expect(decodeTaskCursor(b64(["title", "a", 12345]), "title")).toBeUndefined();
    expect(decodeTaskCursor(b64(["title", "a", null]), "title")).toBeUndefined();
  });

  it("rejects values of the wrong kind for the sort", () => {
    expect(decodeTaskCursor(b64(["title", 5, id]), "title")).toBeUndefined();
    expect(decodeTaskCursor(b64(["title", null, id]), "title")).toBeUndefined();
    expect(decodeTaskCursor(b64(["createdAt", null, id]), "createdAt")).toBeUndefined();
    expect(decodeTaskCursor(b64(["priority", null, id]), "priority")).toBeUndefined();
    expect(decodeTaskCursor(b64(["createdAt", "yesterday", id]), "createdAt")).toBeUndefined();
    expect(decodeTaskCursor(b64(["dueAt", "soon", id]), "dueAt")).toBeUndefined();
    expect(decodeTaskCursor(b64(["priority", "urgent", id]), "priority")).toBeUndefined();
    expect(decodeTaskCursor(b64(["-priority", "HIGH", id]), "-priority")).toBeUndefined();
    expect(decodeTaskCursor(b64(["dueAt", { at: 1 }, id]), "dueAt")).toBeUndefined();
  });

  // Regression (see "cursors from outside" above): Date.parse is far more lenient than
  // PostgreSQL, so these forged values decode and later make the query fail.
  it("rejects date values PostgreSQL cannot read", () => {
    for (const value of [
      "hello 2024",
      "2024-02-30",
      "1",
      "+275760-09-13T00:00:00.000Z",
      "2024-01-01 (note)",
    ]) {
      expect(decodeTaskCursor(b64(["createdAt", value, id]), "createdAt"), value).toBeUndefined();
    }
  });
});
