// The task store's live side (src/lib/task-store.ts): changes from elsewhere
// wait while the user edits that task, a task created here that comes back
// through the stream first never shows twice, and a 412 is merged or handed
// to the user as a conflict.
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/lib/api-client";
import type { TaskConflict } from "../src/lib/conflicts";
import { createTaskStore, type TaskApi } from "../src/lib/task-store";
import type { Task } from "../src/lib/task-types";
import { DEFAULT_VIEW } from "../src/lib/task-view";
import { aTask } from "./task-fixture";

async function flush() {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function setup(items: Task[]) {
  const creates: ReturnType<typeof deferred<Task>>[] = [];
  const updates: { args: unknown[]; answer: ReturnType<typeof deferred<Task>> }[] = [];
  const server = new Map(items.map((item) => [item.id, item]));
  const api: TaskApi = {
    listTasks: async () => ({ items, nextCursor: null }),
    getTask: async (id) => {
      const found = server.get(id);
      if (!found) throw new ApiError({ status: 404, title: "Not found" });
      return found;
    },
    createTask: () => {
      const answer = deferred<Task>();
      creates.push(answer);
      return answer.promise;
    },
    updateTask: (...args) => {
      const answer = deferred<Task>();
      updates.push({ args, answer });
      return answer.promise;
    },
    deleteTask: async () => {},
    clearCompleted: async () => ({ deleted: 0 }),
  };
  const conflicts: TaskConflict[] = [];
  const store = createTaskStore({
    api,
    onProblem: () => {},
    onNotice: () => {},
    onConflict: (conflict) => conflicts.push(conflict),
    newKey: () => "key-1",
  });
  const titles = () => store.getSnapshot().tasks.map((task) => task.title);
  return { store, creates, updates, server, conflicts, titles };
}

describe("the task store, live", () => {
  it("applies newer versions from elsewhere, ignores older ones, and removes deletes", async () => {
    const { store, titles } = setup([aTask({ id: "a", title: "A", version: 2 })]);
    store.setView(DEFAULT_VIEW);
    await flush();
    store.applyRemote({ type: "upsert", task: aTask({ id: "a", title: "stale", version: 1 }) });
    expect(titles()).toEqual(["A"]);
    store.applyRemote({ type: "upsert", task: aTask({ id: "a", title: "A2", version: 3 }) });
    store.applyRemote({ type: "upsert", task: aTask({ id: "b", title: "B", version: 1 }) });
    expect(titles()).toEqual(["B", "A2"]);
    store.applyRemote({ type: "delete", id: "a" });
    expect(titles()).toEqual(["B"]);
  });

  it("holds changes to a task being edited until the editing ends", async () => {
    const { store, titles } = setup([aTask({ id: "a", title: "A" })]);
    store.setView(DEFAULT_VIEW);
    await flush();
    store.hold("a");
    store.applyRemote({ type: "upsert", task: aTask({ id: "a", title: "A2", version: 2 }) });
    store.applyRemote({ type: "upsert", task: aTask({ id: "a", title: "A3", version: 3 }) });
    expect(titles()).toEqual(["A"]);
    store.release("a");
    expect(titles()).toEqual(["A3"]);
  });

  it("does not show a task created here twice when the stream is quicker than the answer", async () => {
    const { store, creates, titles } = setup([]);
    store.setView(DEFAULT_VIEW);
    await flush();
    store.add("New");
    const real = aTask({ id: "n1", title: "New" });
    store.applyRemote({ type: "upsert", task: real });
    expect(titles()).toEqual(["New"]);
    creates[0]?.resolve(real);
    await flush();
    expect(titles()).toEqual(["New"]);
    expect(store.getSnapshot().tasks[0]?.id).toBe("n1");
  });

  it("merges a refused edit when the other change touched other fields", async () => {
    const base = aTask({ id: "a", title: "A" });
    const { store, updates, server, conflicts } = setup([base]);
    store.setView(DEFAULT_VIEW);
    await flush();
    store.update(base, { title: "Mine" }, { guarded: true });
    await flush();
    server.set("a", { ...base, priority: "high", version: 2 });
    updates[0]?.answer.reject(new ApiError({ status: 412, title: "Precondition failed" }));
    await flush();
    expect(conflicts).toEqual([]);
    expect(updates[1]?.args.slice(0, 3)).toEqual(["a", { title: "Mine" }, 2]);
  });

  it("hands a clash on the same field to the user, with both versions", async () => {
    const base = aTask({ id: "a", title: "A" });
    const { store, updates, server, conflicts, titles } = setup([base]);
    store.setView(DEFAULT_VIEW);
    await flush();
    store.update(base, { title: "Mine" }, { guarded: true });
    await flush();
    server.set("a", { ...base, title: "Theirs", version: 2 });
    updates[0]?.answer.reject(new ApiError({ status: 412, title: "Precondition failed" }));
    await flush();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      mine: { title: "Mine" },
      theirs: { title: "Theirs" },
      fields: ["title"],
    });
    expect(titles()).toEqual(["Theirs"]);
    conflicts[0]?.keepMine();
    await flush();
    expect(updates[1]?.args.slice(0, 3)).toEqual(["a", { title: "Mine" }, 2]);
    expect(titles()).toEqual(["Mine"]);
  });
});
