// The tasks page's pure logic: the view in the URL, the client-side copy of
// the API's filter and order, and optimistic changes as data.
import { describe, expect, it } from "vitest";
import { formatDue, fromLocalInput, isOverdue, toLocalInput } from "../src/lib/due-dates";
import {
  applyChanges,
  applyOps,
  draftTask,
  isPending,
  newIdempotencyKey,
  type PendingOp,
} from "../src/lib/task-ops";
import {
  compareTasks,
  DEFAULT_VIEW,
  matchesView,
  parseTags,
  viewFromParams,
  viewToApiQuery,
  viewToSearch,
} from "../src/lib/task-view";
import { aTask } from "./task-fixture";

const task = aTask;

describe("the view in the URL", () => {
  it("round-trips every field, leaving defaults out of the link", () => {
    const view = {
      status: "active",
      q: "milk & eggs",
      priority: "high",
      tag: "home",
      sort: "title",
    } as const;
    const search = viewToSearch(view);
    expect(search).toBe("?status=active&q=milk+%26+eggs&priority=high&tag=home&sort=title");
    expect(viewFromParams(new URLSearchParams(search))).toEqual(view);
    expect(viewToSearch(DEFAULT_VIEW)).toBe("");
  });

  it("falls back to the default for anything unknown or malformed", () => {
    const view = viewFromParams(
      new URLSearchParams({ status: "deleted", priority: "urgent", sort: "id", tag: "x".repeat(33) }),
    );
    expect(view).toEqual(DEFAULT_VIEW);
    // Inherited object keys are not values.
    expect(viewFromParams(new URLSearchParams({ status: "toString", sort: "constructor" }))).toEqual(
      DEFAULT_VIEW,
    );
  });

  it("normalises a tag as the API stores it", () => {
    expect(viewFromParams(new URLSearchParams({ tag: "  Work " })).tag).toBe("work");
  });

  it("asks the API for the view, trimming search and adding the page", () => {
    const query = new URLSearchParams(
      viewToApiQuery({ ...DEFAULT_VIEW, q: "  report ", tag: "work" }, { limit: 50, cursor: "abc" }),
    );
    expect(Object.fromEntries(query)).toEqual({
      status: "all",
      sort: "-createdAt",
      limit: "50",
      q: "report",
      tag: "work",
      cursor: "abc",
    });
    expect(new URLSearchParams(viewToApiQuery({ ...DEFAULT_VIEW, q: "   " }, { limit: 5 })).has("q")).toBe(
      false,
    );
  });
});

describe("matchesView, the API's filter on the client", () => {
  const milk = task({ id: "a", title: "Buy Milk", description: "oat", tags: ["home"], priority: "low" });
  const done = task({ id: "b", title: "Taxes", completed: true });

  it("filters by status, priority, tag and search in title or description", () => {
    expect(matchesView(milk, { ...DEFAULT_VIEW, status: "active" })).toBe(true);
    expect(matchesView(done, { ...DEFAULT_VIEW, status: "active" })).toBe(false);
    expect(matchesView(done, { ...DEFAULT_VIEW, status: "completed" })).toBe(true);
    expect(matchesView(milk, { ...DEFAULT_VIEW, priority: "high" })).toBe(false);
    expect(matchesView(milk, { ...DEFAULT_VIEW, tag: "home" })).toBe(true);
    expect(matchesView(milk, { ...DEFAULT_VIEW, tag: "work" })).toBe(false);
    expect(matchesView(milk, { ...DEFAULT_VIEW, q: "MILK" })).toBe(true);
    expect(matchesView(milk, { ...DEFAULT_VIEW, q: " OAT " })).toBe(true);
    expect(matchesView(done, { ...DEFAULT_VIEW, q: "oat" })).toBe(false);
  });
});

describe("compareTasks, the API's order on the client", () => {
  const a = task({
    id: "1",
    title: "b",
    priority: "high",
    createdAt: "2030-01-02T00:00:00.000Z",
    dueAt: null,
  });
  const b = task({
    id: "2",
    title: "A",
    priority: "low",
    createdAt: "2030-01-03T00:00:00.000Z",
    dueAt: "2030-02-01T00:00:00.000Z",
  });
  const c = task({
    id: "3",
    title: "c",
    priority: "none",
    createdAt: "2030-01-01T00:00:00.000Z",
    dueAt: "2030-01-15T00:00:00.000Z",
  });
  const order = (sort: Parameters<typeof compareTasks>[0]) =>
    [a, b, c].sort(compareTasks(sort)).map((t) => t.id);

  it("sorts every way the API does", () => {
    expect(order("-createdAt")).toEqual(["2", "1", "3"]);
    expect(order("createdAt")).toEqual(["3", "1", "2"]);
    expect(order("title")).toEqual(["2", "1", "3"]); // case-insensitive
    expect(order("-title")).toEqual(["3", "1", "2"]);
    expect(order("-priority")).toEqual(["1", "2", "3"]);
    expect(order("priority")).toEqual(["3", "2", "1"]);
  });

  it("puts tasks without a due date last in both directions", () => {
    expect(order("dueAt")).toEqual(["3", "2", "1"]);
    expect(order("-dueAt")).toEqual(["2", "3", "1"]);
  });

  it("breaks ties by id", () => {
    const x = task({ id: "x" });
    const y = task({ id: "y" });
    expect([y, x].sort(compareTasks("createdAt")).map((t) => t.id)).toEqual(["x", "y"]);
    expect([x, y].sort(compareTasks("-createdAt")).map((t) => t.id)).toEqual(["y", "x"]);
  });
});

describe("optimistic changes", () => {
  const now = "2030-06-01T12:00:00.000Z";
  const items = [task({ id: "a", title: "A" }), task({ id: "b", title: "B", completed: true })];

  it("shows a change in flight, and dropping it restores the server's state", () => {
    const ops: PendingOp[] = [
      { kind: "update", opId: 1, taskId: "a", changes: { completed: true, title: " A2 " } },
    ];
    const shown = applyOps(items, ops, now);
    expect(shown[0]).toMatchObject({ title: "A2", completed: true, completedAt: now });
    expect(applyOps(items, [], now)).toEqual(items);
  });

  it("applies creates, deletes and clear-completed in order", () => {
    const draft = draftTask("  New  ", "k1", now);
    expect(isPending(draft)).toBe(true);
    expect(draft.title).toBe("New");
    const ops: PendingOp[] = [
      { kind: "create", opId: 1, task: draft, idempotencyKey: "k1" },
      { kind: "delete", opId: 2, taskId: "a" },
      { kind: "clear-completed", opId: 3 },
    ];
    expect(applyOps(items, ops, now).map((t) => t.title)).toEqual(["New"]);
  });

  it("leaves fields not being changed alone, and clears completedAt on un-completing", () => {
    const done = task({ id: "d", completed: true, completedAt: now, description: "keep", tags: ["x"] });
    const changed = applyChanges(done, { completed: false }, now);
    expect(changed).toMatchObject({ completed: false, completedAt: null, description: "keep", tags: ["x"] });
    expect(applyChanges(done, { dueAt: null, description: null }, now)).toMatchObject({
      dueAt: null,
      description: null,
    });
  });

  it("makes a fresh v4 UUID per create", () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
    for (const key of keys)
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("tags and due dates", () => {
  it("parses typed tags as the API stores them", () => {
    expect(parseTags(" Work, home ,, WORK,errands ")).toEqual(["work", "home", "errands"]);
    expect(parseTags("")).toEqual([]);
  });

  it("is overdue only when due in the past and not completed", () => {
    const now = Date.parse("2030-06-01T12:00:00Z");
    expect(isOverdue("2030-06-01T11:59:00Z", false, now)).toBe(true);
    expect(isOverdue("2030-06-01T11:59:00Z", true, now)).toBe(false);
    expect(isOverdue("2030-06-01T12:01:00Z", false, now)).toBe(false);
    expect(isOverdue(null, false, now)).toBe(false);
  });

  it("round-trips a due date through the date-time input in local time", () => {
    const instant = "2030-03-07T18:45:00.000Z";
    expect(fromLocalInput(toLocalInput(instant))).toBe(instant);
    expect(fromLocalInput("")).toBeNull();
    expect(fromLocalInput("not a date")).toBeNull();
  });

  it("says today and tomorrow in words", () => {
    const now = new Date(2030, 5, 1, 9, 0).getTime();
    expect(formatDue(new Date(2030, 5, 1, 18, 0).toISOString(), now, "en-GB")).toBe("Today 18:00");
    expect(formatDue(new Date(2030, 5, 2, 8, 30).toISOString(), now, "en-GB")).toBe("Tomorrow 8:30");
    expect(formatDue(new Date(2031, 0, 5, 8, 30).toISOString(), now, "en-GB")).toContain("2031");
  });
});
