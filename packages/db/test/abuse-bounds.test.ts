// Bounds on what one caller can make the database keep: rate-limit counters
// of ended windows are purged, stored idempotent responses are capped per
// owner, and an erased account cannot create again. Every back-end.

import { backends } from "@todo/testing/databases";
import { newOwnerId, taskInput } from "@todo/testing/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/client";
import { AccountDeleted } from "../src/deleted-accounts";
import { createIdempotencyKeyStore } from "../src/idempotency-keys";
import { runOwnerWrite } from "../src/owner-writes";
import { createRateLimiter } from "../src/rate-limits";
import { apiRateLimits } from "../src/schema/rate-limits";
import { createTaskRepository } from "../src/tasks";

describe.each(backends())("abuse bounds on $name", (backend) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await backend.open();
    await handle.migrate("tasks");
  });
  afterAll(() => backend.cleanup());

  it("purges the counters of ended windows when a new window opens", async () => {
    const limiter = createRateLimiter(handle.db);
    const minute = 60_000;
    const start = 1_000 * minute;
    for (let i = 0; i < 150; i++) await limiter.consume(`ip:203.0.113.${i}`, 5, minute, start);
    expect(await handle.db.$count(apiRateLimits)).toBe(150);
    // The previous window is kept: its counts may still be in use at the boundary.
    await limiter.consume("user:next-window", 5, minute, start + minute);
    expect(await handle.db.$count(apiRateLimits)).toBe(151);
    // Two windows on, each new key clears a batch of 100 ended counters.
    await limiter.consume("user:a", 5, minute, start + 2 * minute);
    await limiter.consume("user:b", 5, minute, start + 2 * minute);
    expect(await handle.db.$count(apiRateLimits)).toBe(3);
    // A key still counting in the current window keeps its count.
    expect((await limiter.consume("user:a", 1, minute, start + 2 * minute)).allowed).toBe(false);
  });

  it("keeps at most maxKeysPerOwner stored responses per owner, evicting the oldest", async () => {
    const owner = newOwnerId();
    const neighbour = newOwnerId();
    const record = (n: number) => ({ fingerprint: `f${n}`, status: 201, headers: {}, body: `{"n":${n}}` });
    const save = (ownerId: string, key: string, n: number) =>
      handle.transaction((tx) =>
        createIdempotencyKeyStore(tx, { maxKeysPerOwner: 5 }).saveKeyForOwner(ownerId, key, record(n), 3600),
      );
    await save(neighbour, "k0", 0);
    for (let n = 1; n <= 8; n++) expect(await save(owner, `k${n}`, n)).toBe(true);
    const keys = createIdempotencyKeyStore(handle.db);
    const kept: string[] = [];
    for (let n = 1; n <= 8; n++) if (await keys.findKeyForOwner(owner, `k${n}`)) kept.push(`k${n}`);
    expect(kept).toEqual(["k4", "k5", "k6", "k7", "k8"]);
    expect(await keys.findKeyForOwner(neighbour, "k0")).toBeDefined();
  });

  it("refuses to create tasks for an erased account, and only for it", async () => {
    const owner = newOwnerId();
    const other = newOwnerId();
    const repo = createTaskRepository(handle.db);
    const create = (ownerId: string) =>
      runOwnerWrite(handle, ownerId, (unit) => unit.tasks.createTaskForOwner(ownerId, taskInput()));
    await create(owner);
    await runOwnerWrite(handle, owner, async (unit) => {
      await unit.deletedAccounts.markDeletedForOwner(owner);
      await unit.tasks.deleteAllTasksForOwner(owner);
    });
    await expect(create(owner)).rejects.toBeInstanceOf(AccountDeleted);
    expect(await repo.countTasksForOwner(owner)).toBe(0);
    await expect(create(other)).resolves.toMatchObject({ ownerId: other });
  });
});
