// The web app places an optimistic change with the contract's comparator and
// filter (@todo/contract/task-order); the server orders and filters in SQL.
// They must agree, on every back-end, for every sort: titles in mixed case,
// accents, other scripts, emoji and characters whose UTF-16 order differs
// from their code point order, equal keys broken by id, missing due dates.
import { compareTasks, matchesTaskFilter, type TaskFilter } from "@todo/contract/task-order";
import type { Task } from "@todo/contract/task-schemas";
import { taskPriorities, taskSorts } from "@todo/contract/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { type Stack, startStack } from "./support/stack";

// Not "İ": JavaScript lower-cases it to two characters, PostgreSQL to one; it may sit one place off until reload.
const titles = [
  "apple",
  "Apple",
  "APPLE",
  "banana",
  "Éclair",
  "eclair",
  "Zebra",
  "zebra",
  "_underscore",
  "10 items",
  "9 items",
  "Ωmega",
  "ωmega",
  "日本",
  "🙂 smile",
  "\uff21 fullwidth",
  "Straße",
  "STRASSE",
  "a",
  "A",
  "ab",
  "Ab c",
  "",
];

describe.each(backends)("the contract's order and filter match the server's on $name", (backend) => {
  let stack: Stack;
  let user: TestUser;
  let all: Task[];

  beforeAll(async () => {
    stack = await startStack(backend);
    user = await stack.auth.signUp();
    let n = 0;
    for (const title of titles) {
      n += 1;
      const created = await stack.request("/api/tasks", {
        method: "POST",
        token: user.token,
        json: {
          title: title || "(blank)",
          description: n % 3 === 0 ? `Notes for ÉCLAIR ${n}` : null,
          priority: taskPriorities[n % taskPriorities.length],
          // Some equal, some missing, some all day on the same days as timed ones.
          ...(n % 7 === 0
            ? { dueDate: `2026-12-0${(n % 3) + 1}` }
            : { dueAt: n % 4 === 0 ? null : `2026-12-0${(n % 3) + 1}T0${n % 2 ? 9 : 8}:00:00.000Z` }),
          completed: n % 5 === 0,
          tags: n % 2 === 0 ? ["even"] : [],
        },
      });
      expect(created.status).toBe(201);
    }
    all = (await stack.request("/api/tasks?limit=100", { token: user.token })).body.items;
    expect(all).toHaveLength(titles.length);
  });
  afterAll(() => stack.close());

  it.each(taskSorts)("sort=%s", async (sort) => {
    const listed: Task[] = (await stack.request(`/api/tasks?limit=100&sort=${sort}`, { token: user.token }))
      .body.items;
    expect(listed.map((t) => t.title)).toEqual([...all].sort(compareTasks(sort)).map((t) => t.title));
    expect(listed.map((t) => t.id)).toEqual([...all].sort(compareTasks(sort)).map((t) => t.id));
  });

  it.each<TaskFilter>([
    { status: "active" },
    { status: "completed" },
    { status: "all", q: "éclair" },
    { status: "all", q: "ECLAIR" },
    { status: "all", q: "ω" },
    { status: "all", q: "straße" },
    { status: "active", priority: "high" },
    { status: "all", tag: "even", q: "a" },
  ])("filter %o", async (filter) => {
    const query = new URLSearchParams({ limit: "100", status: filter.status });
    if (filter.q) query.set("q", filter.q);
    if (filter.priority) query.set("priority", filter.priority);
    if (filter.tag) query.set("tag", filter.tag);
    const listed: Task[] = (await stack.request(`/api/tasks?${query}`, { token: user.token })).body.items;
    const expected = all.filter((t) => matchesTaskFilter(t, filter)).sort(compareTasks("-createdAt"));
    expect(listed.map((t) => t.title)).toEqual(expected.map((t) => t.title));
  });
});
