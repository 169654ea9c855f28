// Embedded PGlite in a worker thread (docs/decisions/0007-embedded-database-in-a-worker.md):
// a slow statement on the default install is cut off with SQLSTATE 57014
// while this thread keeps answering; the worker is restarted on the same
// folder with every committed row; transactions hold the one connection as
// in-process PGlite's do; and drizzle reads the same values either way.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../src/client";
import { runOwnerWrite } from "../src/owner-writes";
import { createTaskRepository, type TaskCreateInput } from "../src/tasks";

const writable = (title: string): TaskCreateInput => ({
  title,
  description: "some words",
  completed: false,
  priority: "high",
  dueAt: new Date("2026-12-24T18:30:00.123Z"),
  tags: ["home", "urgent"],
});

/** The SQLSTATE of a failure, through drizzle's wrapper. */
function sqlState(error: unknown): string | undefined {
  for (let e = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** Counts how late a 10 ms timer on this thread fires while `work` runs. */
async function timerLag<T>(work: () => Promise<T>): Promise<{ result: T; maxLagMs: number }> {
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 10);
    last = now;
  }, 10);
  try {
    return { result: await work(), maxLagMs };
  } finally {
    clearInterval(timer);
  }
}

const countTasks = async (db: DbHandle, owner: string) =>
  createTaskRepository(db.db).countTasksForOwner(owner);
/** The raw statements below write `lists`: a table with nothing but a NOT NULL name to fill in. */
const countLists = async (db: DbHandle, owner: string, name: string) => {
  const result = (await db.db.execute(
    sql`select count(*)::int as n from lists where owner_id = ${owner} and name = ${name}`,
  )) as { rows: unknown[] };
  return (result.rows[0] as { n: number }).n;
};

describe("embedded PGlite in a worker thread", () => {
  let dataDir: string;
  let db: DbHandle;
  const owner = `user_${randomUUID()}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-pglite-worker-"));
    db = createDb({ dataDir, service: "api", statementTimeoutMs: 500 });
    await db.migrate("tasks");
    for (const title of ["one", "two", "three"])
      await runOwnerWrite(db, owner, (unit) => unit.tasks.createTaskForOwner(owner, writable(title)));
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("cuts off a slow statement with 57014 while this thread keeps running, and recovers with every row", async () => {
    const started = performance.now();
    const { result: error, maxLagMs } = await timerLag(() => failure(db.db.execute(sql`select pg_sleep(3)`)));
    const elapsed = performance.now() - started;
    expect(sqlState(error)).toBe("57014");
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1_500);
    // In-process, the timer would wait the whole 3 s.
    expect(maxLagMs).toBeLessThan(500);
    // A fresh worker on the same folder: the rows committed before are there.
    expect(await countTasks(db, owner)).toBe(3);
    await db.ping();
  });

  it("loses the open transaction of a statement that timed out, and nothing it wrote", async () => {
    const error = await failure(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into lists (owner_id, name) values (${owner}, 'never')`);
        try {
          await tx.execute(sql`select pg_sleep(3)`);
        } catch (timedOut) {
          // Whatever the caller does next cannot run outside the lost transaction.
          expect(sqlState(await failure(tx.execute(sql`select 1`)))).toBe("08003");
          throw timedOut;
        }
      }),
    );
    expect(sqlState(error)).toBe("57014");
    expect(await countTasks(db, owner)).toBe(3);
    expect(await countLists(db, owner, "never")).toBe(0);
    // The next unit of work runs as usual.
    await runOwnerWrite(db, owner, (unit) => unit.tasks.createTaskForOwner(owner, writable("four")));
    expect(await countTasks(db, owner)).toBe(4);
  });

  it("holds the one connection for a transaction: a query outside waits for its commit", async () => {
    const other = `user_${randomUUID()}`;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const transaction = db.transaction(async (tx) => {
      await tx.execute(sql`insert into lists (owner_id, name) values (${other}, 'inside')`);
      await held;
      order.push("commit");
    });
    // Give the transaction time to begin and insert.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outside = countLists(db, other, "inside").then((count) => {
      order.push("outside");
      return count;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    release();
    await transaction;
    expect(await outside).toBe(1);
    expect(order).toEqual(["commit", "outside"]);
  });

  it("rolls back when the work throws, and refuses COMMIT of an aborted transaction with 25P02", async () => {
    const other = `user_${randomUUID()}`;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into lists (owner_id, name) values (${other}, 'rolled back')`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const aborted = await failure(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into lists (owner_id, name) values (${other}, 'aborted')`);
        // A failed statement the work swallows: PostgreSQL aborts the transaction all the same.
        await failure(tx.execute(sql`select 1/0`));
      }),
    );
    expect(sqlState(aborted)).toBe("25P02");
    expect(await countLists(db, other, "rolled back")).toBe(0);
    expect(await countLists(db, other, "aborted")).toBe(0);
  });

  it("passes PostgreSQL's errors through with their SQLSTATE and fields", async () => {
    const id = randomUUID();
    await db.db.execute(sql`insert into lists (id, owner_id, name) values (${id}, ${owner}, 'dup')`);
    const error = await failure(
      db.db.execute(sql`insert into lists (id, owner_id, name) values (${id}, ${owner}, 'dup')`),
    );
    expect(sqlState(error)).toBe("23505");
    expect((error as { cause?: { constraint?: string } }).cause?.constraint).toBe("lists_pkey");
    await db.db.execute(sql`delete from lists where id = ${id}`);
  });

  it("reads the same values as an in-process PGlite on the same folder", async () => {
    const values = sql`select now() as ts, now()::timestamp as local_ts, '2026-12-24'::date as d,
      '1 day 02:00'::interval as i, 1.50::numeric as n, 9007199254740993::int8 as big, 2.5::float8 as f,
      array[1, 2]::int[] as ints, array['2026-01-01'::date] as dates, '{"a": [1, null]}'::jsonb as j,
      '\\x00ff'::bytea as b, true as yes, null::text as nothing`;
    const rows = async () =>
      ((await db.db.execute(values)) as unknown as { rows: Record<string, unknown>[] }).rows;
    const list = () =>
      createTaskRepository(db.db).listTasksForOwner(owner, { status: "all", sort: "-createdAt", limit: 50 });
    await db.db.execute(sql`select set_config('timezone', 'UTC', false)`);
    const inWorker = { values: await rows(), page: await list() };
    await db.close();
    db = createDb({ dataDir, service: "api", pgliteWorker: false });
    await db.db.execute(sql`select set_config('timezone', 'UTC', false)`);
    const inProcess = { values: await rows(), page: await list() };
    expect(inWorker.page).toEqual(inProcess.page);
    expect(inWorker.page.items).toHaveLength(4);
    const withoutNow = (rows: Record<string, unknown>[]) =>
      rows.map(({ ts: _, local_ts: __, ...rest }) => rest);
    expect(withoutNow(inWorker.values)).toEqual(withoutNow(inProcess.values));
    expect(typeof inWorker.values[0]?.ts).toBe(typeof inProcess.values[0]?.ts);
    // Back to the worker for whatever runs next.
    await db.close();
    db = createDb({ dataDir, service: "api", statementTimeoutMs: 500 });
  });

  it("lets the transaction holding the connection finish on close, then refuses more", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = db.transaction(async (tx) => {
      await tx.execute(sql`insert into lists (owner_id, name) values (${owner}, 'last')`);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    let closed = false;
    const closing = db.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    await transaction;
    await closing;
    await expect(db.ping()).rejects.toThrow(/closed/);
    db = createDb({ dataDir, service: "api", statementTimeoutMs: 500 });
    expect(await countLists(db, owner, "last")).toBe(1);
  });
});
