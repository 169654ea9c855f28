// The services the routes call: each write in exactly one unit of work
// (runOwnerWrite, one transaction), reads in none; refusals thrown as domain
// errors; the idempotent create claims, creates and stores in one unit.
// Every database back-end.

import { randomUUID } from "node:crypto";
import {
  AccountDeleted,
  createIdempotencyKeyStore,
  type Database,
  type DbHandle,
  idempotencyKeys,
  type StoredResponse,
  TaskLimitReached,
  type TaskRow,
} from "@todo/db";
import { newOwnerId } from "@todo/testing/fixtures";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountService, createAccountService } from "../src/services/account";
import {
  IdempotencyKeyInUse,
  IdempotencyKeyReused,
  TaskNotFound,
  TaskVersionMismatch,
} from "../src/services/errors";
import { createTaskService, type TaskService } from "../src/services/tasks";
import { backends, type TestDb } from "./support/databases";
import { itOnPostgres } from "./support/postgres-only";

const respond = (task: TaskRow): StoredResponse => ({
  status: 201,
  headers: { location: `/api/tasks/${task.id}` },
  body: JSON.stringify({ id: task.id, title: task.title }),
});

describe.each(backends)("task service on $name", (backend) => {
  let db: TestDb;
  let opened = 0;
  let service: TaskService;
  let capped: TaskService;
  let account: AccountService;

  beforeAll(async () => {
    db = await backend.create("tasks");
    // The handle the services get, counting the transactions they open.
    const counting: DbHandle = {
      ...db.handle,
      transaction: <T>(fn: (tx: Database) => Promise<T>) => {
        opened++;
        return db.handle.transaction(fn);
      },
    };
    service = createTaskService(counting);
    capped = createTaskService(counting, { maxTasksPerOwner: 1 });
    account = createAccountService(counting);
  });
  afterAll(() => db.drop());

  /** How many transactions `fn` opened. */
  async function units(fn: () => Promise<unknown>): Promise<number> {
    const before = opened;
    await fn();
    return opened - before;
  }

  async function keysOf(owner: string): Promise<number> {
    const [row] = await db.handle.db
      .select({ n: count() })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.ownerId, owner));
    return row?.n ?? 0;
  }

  it("runs every write in exactly one unit of work, and no read in any", async () => {
    const owner = newOwnerId();
    let task: TaskRow | undefined;
    expect(
      await units(async () => {
        task = await service.createTask(owner, { title: "a task" });
      }),
    ).toBe(1);
    if (!task) throw new Error("not created");
    const id = task.id;
    expect(await units(() => service.updateTask(owner, id, { title: "renamed" }, 1))).toBe(1);
    expect(await units(() => service.toggleTask(owner, id))).toBe(1);
    expect(await units(() => service.getTask(owner, id))).toBe(0);
    expect(
      await units(() => service.listTasks(owner, { status: "all", sort: "-createdAt", limit: 10 })),
    ).toBe(0);
    expect(await units(() => service.clearCompleted(owner))).toBe(1);
    const other = await service.createTask(owner, { title: "other" });
    expect(await units(() => service.deleteTask(owner, other.id))).toBe(1);
    const request = { key: randomUUID(), fingerprint: "f" };
    expect(await units(() => service.createTaskOnce(owner, { title: "a task" }, request, respond))).toBe(1);
    expect(await units(() => service.createTaskOnce(owner, { title: "a task" }, request, respond))).toBe(1);
    expect(await units(() => account.eraseOwnerData(owner))).toBe(1);
  });

  it("throws TaskNotFound for a missing or someone else's task, TaskVersionMismatch for a stale one, and writes nothing", async () => {
    const owner = newOwnerId();
    const task = await service.createTask(owner, { title: "original" });
    const stranger = newOwnerId();
    await expect(service.getTask(stranger, task.id)).rejects.toBeInstanceOf(TaskNotFound);
    await expect(service.updateTask(stranger, task.id, { title: "x" })).rejects.toBeInstanceOf(TaskNotFound);
    await expect(service.toggleTask(owner, randomUUID())).rejects.toBeInstanceOf(TaskNotFound);
    await expect(service.deleteTask(stranger, task.id)).rejects.toBeInstanceOf(TaskNotFound);
    await expect(service.updateTask(owner, task.id, { title: "x" }, 7)).rejects.toBeInstanceOf(
      TaskVersionMismatch,
    );
    await expect(service.toggleTask(owner, task.id, 7)).rejects.toBeInstanceOf(TaskVersionMismatch);
    await expect(service.deleteTask(owner, task.id, 7)).rejects.toBeInstanceOf(TaskVersionMismatch);
    expect(await service.getTask(owner, task.id)).toEqual(task);
  });

  it("createTaskOnce creates once, stores the answer, and replays it for the same body only", async () => {
    const owner = newOwnerId();
    const request = { key: "k", fingerprint: "body-1" };
    const first = await service.createTaskOnce(owner, { title: "once" }, request, respond);
    expect(first.replayed).toBe(false);
    const again = await service.createTaskOnce(owner, { title: "ignored" }, request, () => {
      throw new Error("a replay must not render a new answer");
    });
    expect(again).toEqual({ response: first.response, replayed: true });
    await expect(
      service.createTaskOnce(owner, { title: "other" }, { key: "k", fingerprint: "body-2" }, respond),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
    const { items } = await service.listTasks(owner, { status: "all", sort: "-createdAt", limit: 10 });
    expect(items.map((t) => t.title)).toEqual(["once"]);
    expect(await keysOf(owner)).toBe(1);
    // Keys are per owner.
    const neighbour = newOwnerId();
    expect((await service.createTaskOnce(neighbour, { title: "theirs" }, request, respond)).replayed).toBe(
      false,
    );
  });

  it("createTaskOnce stores nothing when the create or its answer fails, so a retry starts afresh", async () => {
    const owner = newOwnerId();
    const request = { key: "k", fingerprint: "f" };
    await expect(
      service.createTaskOnce(owner, { title: "a task" }, request, () => {
        throw new Error("simulated failure");
      }),
    ).rejects.toThrow("simulated failure");
    expect(await keysOf(owner)).toBe(0);
    expect((await service.listTasks(owner, { status: "all", sort: "-createdAt", limit: 10 })).items).toEqual(
      [],
    );

    await capped.createTask(owner, { title: "the one allowed" });
    await expect(capped.createTaskOnce(owner, { title: "a task" }, request, respond)).rejects.toBeInstanceOf(
      TaskLimitReached,
    );
    expect(await keysOf(owner)).toBe(0);
    expect((await service.createTaskOnce(owner, { title: "a task" }, request, respond)).replayed).toBe(false);
  });

  itOnPostgres(backend)(
    "createTaskOnce throws IdempotencyKeyInUse while another unit holds the key",
    async () => {
      const owner = newOwnerId();
      await db.handle.transaction(async (tx) => {
        expect(await createIdempotencyKeyStore(tx).tryLockKeyForOwner(owner, "busy")).toBe(true);
        await expect(
          service.createTaskOnce(owner, { title: "a task" }, { key: "busy", fingerprint: "f" }, respond),
        ).rejects.toBeInstanceOf(IdempotencyKeyInUse);
      });
      expect(
        (await service.createTaskOnce(owner, { title: "a task" }, { key: "busy", fingerprint: "f" }, respond))
          .replayed,
      ).toBe(false);
    },
  );

  it("eraseOwnerData deletes the owner's tasks and keys, and refuses their creates from then on", async () => {
    const owner = newOwnerId();
    const neighbour = newOwnerId();
    await service.createTask(owner, { title: "a task" });
    await service.createTaskOnce(owner, { title: "a task" }, { key: "k", fingerprint: "f" }, respond);
    await service.createTask(neighbour, { title: "a task" });
    expect(await account.eraseOwnerData(owner)).toBe(2);
    expect(await keysOf(owner)).toBe(0);
    await expect(service.createTask(owner, { title: "a task" })).rejects.toBeInstanceOf(AccountDeleted);
    await expect(
      service.createTaskOnce(owner, { title: "a task" }, { key: "k2", fingerprint: "f" }, respond),
    ).rejects.toBeInstanceOf(AccountDeleted);
    expect(await account.eraseOwnerData(owner)).toBe(0);
    expect(
      (await service.listTasks(neighbour, { status: "all", sort: "-createdAt", limit: 10 })).items,
    ).toHaveLength(1);
  });
});
