import { describe, expect, it } from "vitest";
import { compareCodePoints, compareTasks, matchesTaskFilter } from "./task-order";
import type { Task } from "./task-schemas";

const task = (overrides: Partial<Task>): Task => ({
  id: "00000000-0000-4000-8000-000000000000",
  listId: "00000000-0000-4000-8000-0000000000ff",
  title: "t",
  description: null,
  completed: false,
  priority: "none",
  dueDate: null,
  dueAt: null,
  recurrence: null,
  reminders: [],
  tags: [],
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  completedAt: null,
  version: 1,
  ...overrides,
});

describe("compareCodePoints", () => {
  it("orders by code point where UTF-16 units would not", () => {
    // U+FF21 is one unit above an astral character's surrogates; by code point it comes first.
    expect("\uff21" < "😀").toBe(false);
    expect(compareCodePoints("\uff21", "😀")).toBeLessThan(0);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("abc", "abc")).toBe(0);
  });
});

describe("compareTasks", () => {
  it("puts tasks without a due date last in both directions, ties by id", () => {
    const a = task({
      id: "00000000-0000-4000-8000-00000000000a",
      dueDate: "2026-02-01",
      dueAt: "2026-02-01T00:00:00.000Z",
    });
    const b = task({ id: "00000000-0000-4000-8000-00000000000b" });
    const c = task({
      id: "00000000-0000-4000-8000-00000000000c",
      dueDate: "2026-03-01",
      dueAt: "2026-03-01T00:00:00.000Z",
    });
    const d = task({ id: "00000000-0000-4000-8000-00000000000d" });
    expect([d, c, b, a].sort(compareTasks("dueAt")).map((t) => t.id.at(-1))).toEqual(["a", "c", "b", "d"]);
    expect([a, b, c, d].sort(compareTasks("-dueAt")).map((t) => t.id.at(-1))).toEqual(["c", "a", "d", "b"]);
  });

  it("orders by due day, then time, an all-day due first", () => {
    const allDay = task({ id: "00000000-0000-4000-8000-00000000000a", dueDate: "2026-02-01" });
    const nine = task({
      id: "00000000-0000-4000-8000-00000000000b",
      dueDate: "2026-02-01",
      dueAt: "2026-02-01T09:00:00.000Z",
    });
    // 23:30 UTC on 31 January, already 1 February in the owner's zone: the day decides.
    const late = task({
      id: "00000000-0000-4000-8000-00000000000c",
      dueDate: "2026-02-01",
      dueAt: "2026-01-31T23:30:00.000Z",
    });
    const next = task({ id: "00000000-0000-4000-8000-00000000000d", dueDate: "2026-02-02" });
    expect([next, nine, late, allDay].sort(compareTasks("dueAt")).map((t) => t.id.at(-1))).toEqual([
      "a",
      "c",
      "b",
      "d",
    ]);
    expect([allDay, late, nine, next].sort(compareTasks("-dueAt")).map((t) => t.id.at(-1))).toEqual([
      "d",
      "b",
      "c",
      "a",
    ]);
  });

  it("ranks priorities none < low < medium < high", () => {
    const tasks = (["high", "none", "medium", "low"] as const).map((priority) => task({ priority }));
    expect(tasks.sort(compareTasks("priority")).map((t) => t.priority)).toEqual([
      "none",
      "low",
      "medium",
      "high",
    ]);
  });
});

describe("matchesTaskFilter", () => {
  it("applies status, priority, tag and a case-insensitive search", () => {
    const t = task({ title: "Pay Rent", description: "before the 1st", tags: ["home"], priority: "high" });
    expect(matchesTaskFilter(t, { status: "all", q: "rent" })).toBe(true);
    expect(matchesTaskFilter(t, { status: "all", q: "1ST" })).toBe(true);
    expect(matchesTaskFilter(t, { status: "completed" })).toBe(false);
    expect(matchesTaskFilter(t, { status: "active", priority: "low" })).toBe(false);
    expect(matchesTaskFilter(t, { status: "active", tag: "work" })).toBe(false);
  });
});
