// The client task store (src/lib/task-store.ts) with fake API functions: each
// call waits until the test answers it, so every interleaving is explicit,
// and fake timers drive the Undo window.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/lib/api-client";
import { isPending } from "../src/lib/task-ops";
import { createTaskStore, type Problem, type TaskApi } from "../src/lib/task-store";
import type { Task, TaskPage } from "../src/lib/task-types";
import { DEFAULT_VIEW, type TaskView } from "../src/lib/task-view";
import { aTask } from "./task-fixture";

const task = (id: string, overrides: Partial<Task> = {}) => aTask({ id, ...overrides });

const page = (items: Task[], nextCursor: string | null = null): TaskPage => ({ items, nextCursor });
const failure = (status: number, init: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
  new ApiError({ status, title: `HTTP ${status}`, ...init });

interface Call {
  name: keyof TaskApi;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  settled: boolean;
}

/** An API whose every call stays open until the test answers it. */
function fakeApi() {
  const calls: Call[] = [];
  const call =
    (name: keyof TaskApi) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const entry: Call = {
          name,
          args,
          settled: false,
          resolve: (value) => {
            entry.settled = true;
            resolve(value);
          },
          reject: (error) => {
            entry.settled = true;
            reject(error);
          },
        };
        calls.push(entry);
      });
  const api = {
    listTasks: call("listTasks"),
    getTask: call("getTask"),
    createTask: call("createTask"),
    updateTask: call("updateTask"),
    deleteTask: call("deleteTask"),
    clearCompleted: call("clearCompleted"),
  } as TaskApi;
  const open = (name: keyof TaskApi) => calls.filter((entry) => entry.name === name && !entry.settled);
  return {
    api,
    calls,
    open,
    /** The oldest unanswered call to `name`. */
    next(name: keyof TaskApi): Call {
      const found = open(name)[0];
      if (!found) throw new Error(`no open ${name} call`);
      return found;
    },
  };
}

/** Lets every promise chain that can move on do so. */
async function flush() {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}

function setup() {
  const server = fakeApi();
  const problems: Problem[] = [];
  const notices: string[] = [];
  let keys = 0;
  const store = createTaskStore({
    api: server.api,
    onProblem: (problem) => problems.push(problem),
    onNotice: (message) => notices.push(message),
    newKey: () => `key-${++keys}`,
    now: () => "2030-06-01T00:00:00.000Z",
  });
  const titles = () => store.getSnapshot().tasks.map((item) => item.title);
  /** Loads `items` as the default view. */
  async function loaded(items: Task[], view: TaskView = DEFAULT_VIEW) {
    store.setView(view);
    server.next("listTasks").resolve(page(items));
    await flush();
  }
  return { server, store, problems, notices, titles, loaded };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("loading", () => {
  it("loads the view once, and again only when the API's view changes", async () => {
    const { server, store, titles } = setup();
    expect(store.getSnapshot().phase).toBe("loading");
    store.setView(DEFAULT_VIEW);
    store.setView({ ...DEFAULT_VIEW });
    expect(server.open("listTasks")).toHaveLength(1);
    server.next("listTasks").resolve(page([task("a"), task("b")], "cursor-1"));
    await flush();
    expect(store.getSnapshot()).toMatchObject({ phase: "ready", hasMore: true });
    expect(titles()).toEqual(["a", "b"]);

    store.setView({ ...DEFAULT_VIEW, status: "active" });
    expect(server.open("listTasks")).toHaveLength(1);
    // The previous view's tasks stay until the answer arrives.
    expect(store.getSnapshot()).toMatchObject({ phase: "loading", tasks: [{ id: "a" }, { id: "b" }] });
  });

  it("drops the answer to a superseded load, whichever arrives first", async () => {
    const { server, store, titles } = setup();
    store.setView(DEFAULT_VIEW);
    store.setView({ ...DEFAULT_VIEW, status: "completed" });
    const [first, second] = server.open("listTasks");
    expect((first?.args[2] as AbortSignal | undefined)?.aborted).toBe(true);
    second?.resolve(page([task("done", { completed: true })]));
    first?.resolve(page([task("stale")]));
    await flush();
    expect(titles()).toEqual(["done"]);
  });

  it("keeps a load failure in the state, and reports only an ended session", async () => {
    const { server, store, problems } = setup();
    store.setView(DEFAULT_VIEW);
    const unavailable = failure(503);
    server.next("listTasks").reject(unavailable);
    await flush();
    expect(store.getSnapshot()).toMatchObject({ phase: "error", loadError: unavailable });
    expect(problems).toEqual([]);

    store.reload();
    server.next("listTasks").reject(failure(401, { sessionExpired: true }));
    await flush();
    expect(problems.map((problem) => problem.message)).toEqual(["Your tasks could not be loaded."]);
  });

  it("appends the next page without duplicates, and drops it if the view changed meanwhile", async () => {
    const { server, store, titles } = setup();
    store.setView(DEFAULT_VIEW);
    server.next("listTasks").resolve(page([task("a"), task("b")], "c1"));
    await flush();
    store.loadMore();
    store.loadMore();
    expect(store.getSnapshot().loadingMore).toBe(true);
    const more = server.next("listTasks");
    expect(more.args[1]).toBe("c1");
    expect(server.open("listTasks")).toHaveLength(1);
    more.resolve(page([task("b"), task("c")], "c2"));
    await flush();
    expect(titles()).toEqual(["a", "b", "c"]);
    expect(store.getSnapshot()).toMatchObject({ loadingMore: false, hasMore: true });

    store.loadMore();
    const late = server.next("listTasks");
    store.setView({ ...DEFAULT_VIEW, sort: "title" });
    late.resolve(page([task("late")]));
    await flush();
    expect(titles()).not.toContain("late");
  });

  it("keeps one snapshot object until something changes, and tells subscribers when it does", async () => {
    const { server, store } = setup();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const before = store.getSnapshot();
    expect(store.getSnapshot()).toBe(before);
    store.setView(DEFAULT_VIEW);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).not.toBe(before);
    unsubscribe();
    server.next("listTasks").resolve(page([]));
    await flush();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe("changes", () => {
  it("shows a create at once with a stand-in, and swaps in the server's task", async () => {
    const { server, store, loaded } = setup();
    await loaded([task("old")]);
    store.add("  Buy milk ");
    const [standIn] = store.getSnapshot().tasks;
    expect(standIn?.title).toBe("Buy milk");
    expect(standIn && isPending(standIn)).toBe(true);
    const create = server.next("createTask");
    expect(create.args).toEqual([{ title: "Buy milk" }, "key-1"]);
    create.resolve(task("new", { title: "Buy milk" }));
    await flush();
    expect(store.getSnapshot().tasks.map((item) => item.id)).toEqual(["new", "old"]);
  });

  it("rolls back a failed create and retries it with the same Idempotency-Key", async () => {
    const { server, store, problems, titles, loaded } = setup();
    await loaded([]);
    store.add("Flaky");
    server.next("createTask").reject(failure(0));
    await flush();
    expect(titles()).toEqual([]);
    expect(problems[0]).toMatchObject({ message: "Could not add “Flaky”.", unsentTitle: "Flaky" });
    problems[0]?.retry?.();
    expect(server.next("createTask").args[1]).toBe("key-1");
    store.add("Another");
    expect(server.open("createTask").map((call) => call.args[1])).toEqual(["key-1", "key-2"]);
  });

  it("rolls back a failed update, even when another change to the task succeeded meanwhile", async () => {
    const { server, store, problems, loaded } = setup();
    await loaded([task("a")]);
    const a = () => store.getSnapshot().tasks[0];
    store.update(task("a"), { completed: true });
    store.update(task("a"), { priority: "high" });
    expect(a()).toMatchObject({ completed: true, priority: "high" });

    await flush();
    server.next("updateTask").reject(failure(503));
    await flush();
    expect(a()).toMatchObject({ completed: false, priority: "high" });
    server.next("updateTask").resolve(task("a", { priority: "high", version: 2 }));
    await flush();
    expect(a()).toMatchObject({ completed: false, priority: "high", version: 2 });
    expect(problems.map((problem) => problem.message)).toEqual(["Could not save “a”."]);
    problems[0]?.retry?.();
    await flush();
    expect(server.next("updateTask").args[1]).toEqual({ completed: true });
  });

  it("sends one task's changes one at a time, other tasks' alongside", async () => {
    const { server, store, loaded } = setup();
    await loaded([task("a"), task("b")]);
    store.update(task("a"), { completed: true });
    store.update(task("a"), { title: "A2" }, { guarded: true });
    store.update(task("b"), { completed: true });
    await flush();
    expect(server.open("updateTask").map((call) => call.args[0])).toEqual(["a", "b"]);

    server.next("updateTask").resolve(task("a", { completed: true, version: 2 }));
    await flush();
    // The queued edit was made against version 1; the first change moved the task to 2, so it asks for 2.
    const second = server.open("updateTask").find((call) => call.args[0] === "a");
    expect(second?.args.slice(0, 3)).toEqual(["a", { title: "A2" }, 2]);
  });

  it("sends the version an edit was made against, so a change made elsewhere meanwhile is not overwritten", async () => {
    const { server, store, problems, loaded } = setup();
    await loaded([task("a")]);
    store.update(task("a"), { completed: true });
    store.update(task("a"), { title: "Mine" }, { guarded: true });
    await flush();
    // Someone else wrote in between: the answer is two versions on.
    server.next("updateTask").resolve(task("a", { title: "Theirs", completed: true, version: 3 }));
    await flush();
    const edit = server.next("updateTask");
    expect(edit.args[2]).toBe(1);

    edit.reject(failure(412));
    await flush();
    server.next("getTask").resolve(task("a", { title: "Theirs", completed: true, version: 3 }));
    await flush();
    expect(store.getSnapshot().tasks[0]).toMatchObject({ title: "Theirs", version: 3 });
    expect(problems[0]?.message).toBe("“a” was changed elsewhere, so your edit was not saved.");
    problems[0]?.retry?.();
    await flush();
    expect(server.next("updateTask").args.slice(0, 3)).toEqual(["a", { title: "Mine" }, 3]);
  });

  it("removes a task that was deleted elsewhere, with a notice", async () => {
    const { server, store, notices, titles, loaded } = setup();
    await loaded([task("a")]);
    store.update(task("a"), { completed: true });
    await flush();
    server.next("updateTask").reject(failure(404));
    await flush();
    expect(titles()).toEqual([]);
    expect(notices).toEqual(["“a” no longer exists; it was deleted elsewhere."]);
  });

  it("clears completed tasks after the changes already on their way", async () => {
    const { server, store, notices, titles, loaded } = setup();
    await loaded([task("a"), task("b", { completed: true })]);
    store.update(task("a"), { completed: true });
    store.clearCompleted();
    expect(titles()).toEqual([]);
    await flush();
    expect(server.open("clearCompleted")).toHaveLength(0);
    server.next("updateTask").resolve(task("a", { completed: true, version: 2 }));
    await flush();
    server.next("clearCompleted").resolve({ deleted: 2 });
    await flush();
    expect(titles()).toEqual([]);
    expect(notices).toEqual(["Cleared 2 completed tasks."]);
  });
});

describe("delete and Undo", () => {
  it("hides a deleted task at once, and Undo within the window brings it back without a call", async () => {
    const { server, store, titles, loaded } = setup();
    await loaded([task("a"), task("b")]);
    expect(store.remove(task("a"))).toBe(true);
    expect(titles()).toEqual(["b"]);
    expect(store.getSnapshot().undo).toMatchObject({ task: { id: "a" } });
    vi.advanceTimersByTime(4_999);
    expect(store.undo()?.id).toBe("a");
    expect(titles()).toEqual(["a", "b"]);
    expect(store.getSnapshot().undo).toBeNull();
    vi.advanceTimersByTime(10_000);
    await flush();
    expect(server.calls.filter((call) => call.name === "deleteTask")).toEqual([]);
    expect(store.undo()).toBeNull();
  });

  it("sends the delete when the window closes", async () => {
    const { server, store, titles, loaded } = setup();
    await loaded([task("a"), task("b")]);
    store.remove(task("a"));
    vi.advanceTimersByTime(5_000);
    await flush();
    expect(store.getSnapshot().undo).toBeNull();
    expect(store.undo()).toBeNull();
    server.next("deleteTask").resolve(undefined);
    await flush();
    expect(titles()).toEqual(["b"]);
  });

  it("keeps one window: a second delete sends the first at once", async () => {
    const { server, store, titles, loaded } = setup();
    await loaded([task("a"), task("b"), task("c")]);
    store.remove(task("a"));
    store.remove(task("b"));
    await flush();
    expect(server.open("deleteTask").map((call) => call.args[0])).toEqual(["a"]);
    expect(store.getSnapshot().undo?.task.id).toBe("b");
    expect(store.undo()?.id).toBe("b");
    expect(titles()).toEqual(["b", "c"]);
  });

  it("brings a task back when its delete fails, takes 404 as done, and stop() sends with keepalive", async () => {
    const { server, store, problems, titles, loaded } = setup();
    await loaded([task("a"), task("b")]);
    store.remove(task("a"));
    store.commitUndo();
    await flush();
    server.next("deleteTask").reject(failure(503));
    await flush();
    expect(titles()).toEqual(["a", "b"]);
    expect(problems[0]?.message).toBe("Could not delete “a”.");

    store.remove(task("b"));
    store.stop();
    await flush();
    const sent = server.next("deleteTask");
    expect(sent.args).toEqual(["b", { keepalive: true }]);
    sent.reject(failure(404));
    await flush();
    expect(titles()).toEqual(["a"]);
  });
});

describe("changes from elsewhere", () => {
  it("takes a newer copy, ignores an older or equal one, and adds a new task that fits the view", async () => {
    const { store, titles, loaded } = setup();
    await loaded([task("a", { version: 2 })], { ...DEFAULT_VIEW, status: "active" });
    store.applyRemote({ type: "upsert", task: task("a", { title: "older", version: 1 }) });
    store.applyRemote({ type: "upsert", task: task("a", { title: "same", version: 2 }) });
    expect(titles()).toEqual(["a"]);
    store.applyRemote({ type: "upsert", task: task("a", { title: "newer", version: 3 }) });
    expect(titles()).toEqual(["newer"]);
    store.applyRemote({ type: "upsert", task: task("n", { title: "new" }) });
    store.applyRemote({ type: "upsert", task: task("x", { completed: true }) });
    expect(titles()).toEqual(["new", "newer"]);
  });

  it("shows changes in flight on top of a remote copy, and never lets a late page undo a delete", async () => {
    const { server, store, titles, loaded } = setup();
    await loaded([task("a"), task("b")]);
    store.update(task("a"), { priority: "high" });
    store.applyRemote({ type: "upsert", task: task("a", { title: "renamed", version: 2 }) });
    expect(store.getSnapshot().tasks[0]).toMatchObject({ title: "renamed", priority: "high" });

    store.setView({ ...DEFAULT_VIEW, sort: "title" });
    store.applyRemote({ type: "delete", id: "b" });
    // The page was read before both: it has neither the rename nor the delete.
    server.next("listTasks").resolve(page([task("a"), task("b")]));
    await flush();
    expect(titles()).toEqual(["renamed"]);
    store.applyRemote({ type: "upsert", task: task("b", { version: 5 }) });
    expect(titles()).toEqual(["renamed"]);
  });

  it("makes a later guarded edit carry the version that arrived from elsewhere", async () => {
    const { server, store, loaded } = setup();
    await loaded([task("a")]);
    store.applyRemote({ type: "upsert", task: task("a", { version: 4 }) });
    const shown = store.getSnapshot().tasks[0];
    if (!shown) throw new Error("no task");
    store.update(shown, { title: "Edited" }, { guarded: true });
    await flush();
    expect(server.next("updateTask").args[2]).toBe(4);
  });
});
