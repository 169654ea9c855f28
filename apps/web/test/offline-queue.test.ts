// The outbox (src/lib/offline-queue.ts) with an in-memory storage and a fake
// sender: order, waiting out a network loss, the If-Match chain of one task's
// updates, adoption of what closed tabs left, and failures for good.
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/lib/api-client";
import { judgeConflict } from "../src/lib/conflicts";
import { memoryStorage, Outbox, type OutboxEntry, type OutboxWrite } from "../src/lib/offline-queue";
import { aTask } from "./task-fixture";

const offline = () => new ApiError({ status: 0, title: "Cannot reach the server" });

async function settle() {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

function update(taskId: string, base: number, title: string): OutboxWrite {
  return {
    kind: "update",
    taskId,
    changes: { title },
    ifMatch: null,
    base,
    baseTask: null,
    label: title,
  };
}

/** A server that answers in order; `down` makes every call fail as if offline. */
function fakeServer() {
  const sent: OutboxEntry[] = [];
  const versions = new Map<string, number>();
  const state = { down: false };
  const send = async (entry: OutboxEntry): Promise<unknown> => {
    if (state.down) throw offline();
    sent.push(structuredClone(entry));
    const { write } = entry;
    if (write.kind === "update") {
      const version = versions.get(write.taskId) ?? 1;
      const ifMatch = write.ifMatch ?? (entry.waited ? write.base : null);
      if (ifMatch !== null && ifMatch !== version)
        throw new ApiError({ status: 412, title: "Precondition failed" });
      versions.set(write.taskId, version + 1);
      return { id: write.taskId, version: version + 1 };
    }
    return { ok: true };
  };
  return { sent, send, state, versions };
}

describe("Outbox", () => {
  it("sends writes one at a time, in the order they were made, and forgets them once sent", async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const outbox = new Outbox({ storage, send: server.send, tab: "tab-1" });
    const answers = [
      outbox.submit({ kind: "create", input: { title: "a" }, idempotencyKey: "k1", label: "a" }),
      outbox.submit(update("t1", 1, "b")),
      outbox.submit({ kind: "delete", taskId: "t2", label: "" }),
    ];
    await Promise.all(answers);
    expect(server.sent.map((entry) => entry.write.kind)).toEqual(["create", "update", "delete"]);
    expect(outbox.size).toBe(0);
    expect(storage.rows.size).toBe(0);
  });

  it("keeps what it cannot send while offline, counts it, and sends it all once resumed", async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    server.state.down = true;
    const outbox = new Outbox({ storage, send: server.send, tab: "tab-1" });
    const done: unknown[] = [];
    void outbox
      .submit({ kind: "create", input: { title: "new" }, idempotencyKey: "k1", label: "new" })
      .then((value) => done.push(value));
    void outbox.submit(update("t1", 1, "edited")).then((value) => done.push(value));
    void outbox
      .submit({
        kind: "update",
        taskId: "t2",
        changes: { completed: true },
        ifMatch: null,
        base: 3,
        baseTask: null,
        label: "",
      })
      .then((value) => done.push(value));
    await settle();
    expect(outbox.blocked).toBe(true);
    expect(outbox.size).toBe(3);
    // Written down, so a closed tab loses nothing.
    expect(storage.rows.size).toBe(3);
    expect(done).toEqual([]);

    server.state.down = false;
    server.versions.set("t2", 3);
    outbox.resume();
    await outbox.idle();
    await settle();
    expect(done).toHaveLength(3);
    expect(outbox.size).toBe(0);
    expect(storage.rows.size).toBe(0);
    // The create kept its key; updates that waited carry the version they were made against.
    expect(server.sent.map((entry) => entry.write)).toMatchObject([
      { kind: "create", idempotencyKey: "k1" },
      { kind: "update", taskId: "t1", base: 1 },
      { kind: "update", taskId: "t2", base: 3 },
    ]);
    expect(server.sent.every((entry) => entry.waited)).toBe(true);
  });

  it("moves a task's later updates on to the version the earlier one made", async () => {
    const server = fakeServer();
    server.state.down = true;
    const outbox = new Outbox({ storage: memoryStorage(), send: server.send, tab: "tab-1" });
    // Two offline edits of one task, both made against version 1.
    const first = outbox.submit(update("t1", 1, "one"));
    const second = outbox.submit(update("t1", 1, "two"));
    await settle();
    server.state.down = false;
    outbox.resume();
    await expect(first).resolves.toEqual({ id: "t1", version: 2 });
    await expect(second).resolves.toEqual({ id: "t1", version: 3 });
  });

  it("hands a refusal to whoever waits for it and goes on with the rest", async () => {
    const server = fakeServer();
    server.versions.set("t1", 5);
    const outbox = new Outbox({ storage: memoryStorage(), send: server.send, tab: "tab-1" });
    const refused = outbox.submit({ ...update("t1", 1, "x"), ifMatch: 1 } as OutboxWrite);
    const next = outbox.submit({ kind: "delete", taskId: "t2", label: "" });
    await expect(refused).rejects.toMatchObject({ status: 412 });
    await expect(next).resolves.toEqual({ ok: true });
  });

  it("lets the app decide what is worth waiting for: here, a network error online is reported at once", async () => {
    const server = fakeServer();
    server.state.down = true;
    const outbox = new Outbox({
      storage: memoryStorage(),
      send: server.send,
      tab: "tab-1",
      transient: (_error, entry) => entry.waited,
    });
    await expect(outbox.submit(update("t1", 1, "x"))).rejects.toMatchObject({ status: 0 });
    expect(outbox.size).toBe(0);
    expect(outbox.blocked).toBe(false);
  });

  it("adopts and sends at once the entries of a tab that is gone, not those of a tab still open", async () => {
    const left: OutboxEntry[] = [
      { seq: 2, tab: "gone", write: update("t1", 1, "from a closed tab"), waited: false },
      { seq: 1, tab: "open", write: update("t2", 1, "from an open tab"), waited: false },
    ];
    const storage = memoryStorage(left);
    const server = fakeServer();
    const errors: unknown[] = [];
    const outbox = new Outbox({
      storage,
      send: server.send,
      tab: "me",
      isTabAlive: async (tab) => tab === "open",
      onOrphanError: (_entry, error) => errors.push(error),
    });
    // Nothing else is submitted: what the closed tab left goes by itself.
    await outbox.ready();
    await settle();
    await outbox.idle();
    expect(server.sent.map((entry) => entry.write)).toMatchObject([{ taskId: "t1" }]);
    expect(server.sent[0]).toMatchObject({ tab: "me", waited: true });
    expect([...storage.rows.values()].map((entry) => entry.tab)).toEqual(["open"]);
    expect(errors).toEqual([]);
  });

  it("reports a failed orphan, since no page waits for its answer", async () => {
    const storage = memoryStorage([{ seq: 1, tab: "gone", write: update("t1", 1, "stale"), waited: true }]);
    const server = fakeServer();
    server.versions.set("t1", 4);
    const errors: unknown[] = [];
    const outbox = new Outbox({
      storage,
      send: server.send,
      tab: "me",
      onOrphanError: (_entry, error) => errors.push(error),
    });
    await outbox.adoptOrphans();
    await outbox.idle();
    await settle();
    expect(errors).toMatchObject([{ status: 412 }]);
    expect(outbox.size).toBe(0);
  });
});

describe("judgeConflict", () => {
  const base = aTask({ id: "t", title: "Old", priority: "low", version: 1 });

  it("sees a change the server already has", () => {
    const latest = { ...base, title: "New", version: 2 };
    expect(judgeConflict(base, latest, { title: "New" })).toEqual({ kind: "applied" });
  });

  it("merges changes to different fields", () => {
    const latest = { ...base, priority: "high" as const, version: 2 };
    expect(judgeConflict(base, latest, { title: "Mine" })).toEqual({ kind: "merge" });
  });

  it("names the fields both sides changed differently", () => {
    const latest = { ...base, title: "Theirs", version: 2 };
    expect(judgeConflict(base, latest, { title: "Mine", priority: "high" })).toEqual({
      kind: "conflict",
      fields: ["title"],
    });
  });

  it("never calls completing a recurring task already applied", () => {
    const recurring = {
      ...base,
      recurrence: { rule: "FREQ=DAILY", text: "every day", from: "due" as const },
      dueDate: "2030-01-02",
    };
    expect(judgeConflict(recurring, { ...recurring, version: 2, title: "x" }, { completed: true })).toEqual({
      kind: "merge",
    });
  });
});
