// Units of work (docs/decisions/0005-explicit-units-of-work.md): every write
// to an owner's data runs in runOwnerWrite, one transaction opened through
// DbHandle.transaction; repositories never open one, and the writes that need
// the owner's lock refuse to run anywhere else. Every back-end.

import { backends } from "@todo/testing/databases";
import { newOwnerId, taskInput } from "@todo/testing/fixtures";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { Database, DbHandle } from "../src/client";
import { createDeletedAccountStore } from "../src/deleted-accounts";
import type { ListChange } from "../src/lists";
import { type OwnerUnit, runOwnerWrite } from "../src/owner-writes";
import { createTaskRepository, type TaskChange, TaskLimitReached, type TaskRepository } from "../src/tasks";

describe("the Database type", () => {
  it("has no transaction: only DbHandle.transaction opens one, and nothing nests", () => {
    expectTypeOf<Database>().not.toHaveProperty("transaction");
    expectTypeOf<Parameters<Parameters<DbHandle["transaction"]>[0]>[0]>().toEqualTypeOf<Database>();
  });
});

describe.each(backends())("units of work on $name", (backend) => {
  let handle: DbHandle;
  let reads: TaskRepository;
  beforeAll(async () => {
    handle = await backend.open();
    await handle.migrate("tasks");
    reads = createTaskRepository(handle.db);
  });
  afterAll(() => backend.cleanup());

  it("commits when the work resolves and rolls everything back when it throws", async () => {
    const owner = newOwnerId();
    await expect(
      runOwnerWrite(handle, owner, async (unit) => {
        await unit.tasks.createTaskForOwner(owner, taskInput({ title: "rolled back" }));
        await unit.idempotencyKeys.saveKeyForOwner(
          owner,
          "k",
          { fingerprint: "f", status: 201, headers: {}, body: "{}" },
          60,
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await reads.countTasksForOwner(owner)).toBe(0);
    expect(
      await runOwnerWrite(handle, owner, (unit) => unit.idempotencyKeys.findKeyForOwner(owner, "k")),
    ).toBe(undefined);

    const row = await runOwnerWrite(handle, owner, (unit) =>
      unit.tasks.createTaskForOwner(owner, taskInput()),
    );
    expect(await reads.getTaskForOwner(owner, row.id)).toEqual(row);
  });

  it("refuses a create or an erasure anywhere but in a unit of work for that owner", async () => {
    const owner = newOwnerId();
    const outside = /must run inside runOwnerWrite/;
    await expect(reads.createTaskForOwner(owner, taskInput())).rejects.toThrow(outside);
    // Nor in a bare transaction.
    await expect(
      handle.transaction((tx) => createTaskRepository(tx).createTaskForOwner(owner, taskInput())),
    ).rejects.toThrow(outside);
    // Nor does a unit for someone else.
    await expect(
      runOwnerWrite(handle, newOwnerId(), (unit) => unit.tasks.createTaskForOwner(owner, taskInput())),
    ).rejects.toThrow(outside);
    // Nor a unit that has ended.
    let ended: OwnerUnit | undefined;
    await runOwnerWrite(handle, owner, async (unit) => {
      ended = unit;
    });
    if (!ended) throw new Error("the unit never ran");
    await expect(ended.tasks.createTaskForOwner(owner, taskInput())).rejects.toThrow(outside);
    await expect(createDeletedAccountStore(handle.db).markDeletedForOwner(owner)).rejects.toThrow(outside);
    expect(await reads.countTasksForOwner(owner)).toBe(0);
    // Refused, not erased: the owner can still create.
    await runOwnerWrite(handle, owner, (unit) => unit.tasks.createTaskForOwner(owner, taskInput()));
    expect(await reads.countTasksForOwner(owner)).toBe(1);
  });

  it("tells onChange of each task written, and of nothing that was not", async () => {
    const owner = newOwnerId();
    const changes: (TaskChange | ListChange)[] = [];
    const watched = createTaskRepository(handle.db, { onChange: (change) => changes.push(change) });
    const [a, b] = await runOwnerWrite(handle, owner, async (unit) => [
      await unit.tasks.createTaskForOwner(owner, taskInput({ title: "a" })),
      await unit.tasks.createTaskForOwner(owner, taskInput({ title: "b" })),
    ]);
    if (!a || !b) throw new Error("not created");

    await watched.updateTaskForOwner(owner, a.id, { title: "a2" });
    await watched.updateTaskForOwner(owner, a.id, { title: "stale" }, 1);
    await watched.updateTaskForOwner(owner, b.id, { completed: true });
    await watched.updateTaskForOwner(newOwnerId(), b.id, { completed: true });
    await watched.deleteCompletedTasksForOwner(owner);
    await watched.deleteTaskForOwner(owner, b.id);
    await watched.deleteTaskForOwner(owner, a.id);

    expect(changes).toEqual([
      { kind: "updated", task: expect.objectContaining({ id: a.id, title: "a2", version: 2 }) },
      { kind: "updated", task: expect.objectContaining({ id: b.id, completed: true }) },
      { kind: "deleted", taskId: b.id },
      { kind: "deleted", taskId: a.id },
    ]);
  });

  it.skipIf(backend.name !== "postgres")("keeps the task cap exact under concurrent creates", async () => {
    const owner = newOwnerId();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        runOwnerWrite(
          handle,
          owner,
          (unit) => unit.tasks.createTaskForOwner(owner, taskInput({ title: `t${i}` })),
          {
            maxTasksPerOwner: 5,
          },
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused).toHaveLength(15);
    for (const r of refused) expect(r.reason).toBeInstanceOf(TaskLimitReached);
    expect(await reads.countTasksForOwner(owner)).toBe(5);
  });
});
