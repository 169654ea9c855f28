// The change feed's numbering (SPEC §9; docs/decisions/0012-change-feed.md):
// each owner's changes are numbered 1, 2, 3… with no gap and no repeat,
// whether one owner's unit of work appends them or the reminder scheduler
// appends hundreds of owners' at once. Every back-end.

import { backends } from "@todo/testing/databases";
import { newOwnerId, taskInput } from "@todo/testing/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendToChangeFeeds,
  CHANGES_KEPT_PER_OWNER,
  createChangeFeedReader,
  type FeedEntry,
} from "../src/change-feed";
import type { DbHandle } from "../src/client";
import { runOwnerWrite } from "../src/owner-writes";
import { createReminderJobStore, fireDueReminders } from "../src/reminder-jobs";

const entries = (count: number, tag: string): FeedEntry[] =>
  Array.from({ length: count }, (_, i) => ({ entity: "task", entityId: `${tag}-${i}`, op: "upsert" }));

describe.each(backends())("the change feed on $name", (backend) => {
  let handle: DbHandle;
  let feed: ReturnType<typeof createChangeFeedReader>;
  beforeAll(async () => {
    handle = await backend.open();
    await handle.migrate("tasks");
    feed = createChangeFeedReader(handle.db);
  });
  afterAll(() => backend.cleanup());

  async function numbersOf(ownerId: string) {
    return (await feed.readChangesForOwner(ownerId, 0, 10_000)).map((row) => [row.seq, row.entityId]);
  }

  it("numbers each owner's entries on from their own last number when several owners append at once", async () => {
    const [a, b, c] = [newOwnerId(), newOwnerId(), newOwnerId()];
    await handle.transaction((tx) => appendToChangeFeeds(tx, handle.kind, new Map([[a, entries(2, "a1")]])));
    await handle.transaction((tx) =>
      appendToChangeFeeds(
        tx,
        handle.kind,
        new Map([
          [c, entries(1, "c1")],
          [a, entries(3, "a2")],
          [b, []],
        ]),
      ),
    );
    expect(await numbersOf(a)).toEqual([
      [1, "a1-0"],
      [2, "a1-1"],
      [3, "a2-0"],
      [4, "a2-1"],
      [5, "a2-2"],
    ]);
    expect(await numbersOf(b)).toEqual([]);
    expect(await feed.lastSeqForOwner(b)).toBe(0);
    expect(await numbersOf(c)).toEqual([[1, "c1-0"]]);
  });

  it("keeps only the last changes of an owner who appends many", async () => {
    const owner = newOwnerId();
    const total = CHANGES_KEPT_PER_OWNER + 250;
    for (let done = 0; done < total; done += 125)
      await handle.transaction((tx) =>
        appendToChangeFeeds(tx, handle.kind, new Map([[owner, entries(125, `n${done}`)]])),
      );
    const kept = await feed.readChangesForOwner(owner, 0, 10_000);
    expect(kept.at(-1)?.seq).toBe(total);
    expect(kept.length).toBeGreaterThanOrEqual(CHANGES_KEPT_PER_OWNER);
    expect(kept.length).toBeLessThan(CHANGES_KEPT_PER_OWNER + 125);
    expect(await feed.canReplayFromForOwner(owner, 0)).toBe(false);
    expect(await feed.canReplayFromForOwner(owner, total - CHANGES_KEPT_PER_OWNER)).toBe(true);
  });

  it("leaves no gap and no repeat when transactions append to the same owners in different orders at once", async () => {
    const owners = Array.from({ length: 12 }, () => newOwnerId());
    const writers = 8;
    await Promise.all(
      Array.from({ length: writers }, (_, w) => {
        // Each writer lists the owners in another order: the sequence rows must still be taken in one order.
        const order = [...owners.slice(w % owners.length), ...owners.slice(0, w % owners.length)].reverse();
        return handle.transaction((tx) =>
          appendToChangeFeeds(tx, handle.kind, new Map(order.map((o) => [o, entries(2, `w${w}`)]))),
        );
      }),
    );
    for (const owner of owners) {
      const seqs = (await feed.readChangesForOwner(owner, 0, 10_000)).map((row) => row.seq);
      expect(seqs).toEqual(Array.from({ length: writers * 2 }, (_, i) => i + 1));
    }
  });

  it("fires due reminders of many owners once each, into each owner's own feed", async () => {
    const owners = Array.from({ length: 30 }, () => newOwnerId());
    const jobs = createReminderJobStore(handle.db);
    const past = new Date(Date.now() - 60_000);
    for (const owner of owners) {
      const task = await runOwnerWrite(handle, owner, (unit) =>
        unit.tasks.createTaskForOwner(owner, taskInput({ title: `task of ${owner}` })),
      );
      // Two reminders each, already due: `now` before them, so they are kept.
      await jobs.replaceJobsForTaskForOwner(
        owner,
        task.id,
        [new Date(past.getTime() + 1_000), new Date(past.getTime() + 2_000)],
        past,
      );
    }
    const before = new Map(
      await Promise.all(owners.map(async (o) => [o, await feed.lastSeqForOwner(o)] as const)),
    );

    const firstBatch = await fireDueReminders(handle, 45);
    const rest = await fireDueReminders(handle, 1_000);
    const fired = [...firstBatch, ...rest].filter((r) => before.has(r.ownerId));
    expect(fired).toHaveLength(owners.length * 2);
    expect(await fireDueReminders(handle, 1_000)).toEqual([]);

    for (const owner of owners) {
      const rows = await feed.readChangesForOwner(owner, before.get(owner) ?? 0, 100);
      expect(rows.map((row) => row.seq)).toEqual([1, 2].map((i) => (before.get(owner) ?? 0) + i));
      expect(rows.every((row) => row.entity === "reminder" && row.op === "fire")).toBe(true);
      expect(rows.map((row) => (row.payload as { title: string }).title)).toEqual([
        `task of ${owner}`,
        `task of ${owner}`,
      ]);
    }
  });
});
