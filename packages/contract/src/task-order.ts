// The API's list order and filter, as plain functions: the web app applies
// them to place an optimistic change where the server will put it. The
// database side is pinned to match (titles compare in the "C" collation, by
// code point), and apps/api/test/task-order.test.ts checks the two agree.
import type { Task } from "./task-schemas";
import { type TaskPriority, type TaskSort, type TaskSortField, taskPriorities } from "./vocabulary";

export type TaskFilter = {
  status: "all" | "active" | "completed";
  q?: string | undefined;
  priority?: TaskPriority | null | undefined;
  tag?: string | null | undefined;
};

const priorityRank = (priority: TaskPriority) => taskPriorities.indexOf(priority);

/** Code point order, as PostgreSQL's "C" collation compares UTF-8 bytes (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
}

/** The API's order for a sort: missing due dates last in both directions, ties broken by id. */
export function compareTasks(sort: TaskSort): (a: Task, b: Task) => number {
  const descending = sort.startsWith("-");
  const field = (descending ? sort.slice(1) : sort) as TaskSortField;
  const direction = descending ? -1 : 1;
  const missingDue = descending ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const compareKeys = (a: Task, b: Task): number => {
    switch (field) {
      case "createdAt":
        return Date.parse(a.createdAt) - Date.parse(b.createdAt);
      case "dueAt": {
        // By due day (none last), then time within the day (all-day first).
        const day = (task: Task) => (task.dueDate ? Date.parse(`${task.dueDate}T00:00:00Z`) : missingDue);
        const time = (task: Task) => (task.dueAt ? Date.parse(task.dueAt) : Number.NEGATIVE_INFINITY);
        const x = day(a);
        const y = day(b);
        if (x !== y) return x < y ? -1 : 1;
        const s = time(a);
        const t = time(b);
        return s === t ? 0 : s < t ? -1 : 1;
      }
      case "priority":
        return priorityRank(a.priority) - priorityRank(b.priority);
      case "title":
        return compareCodePoints(a.title.toLowerCase(), b.title.toLowerCase());
    }
  };
  return (a, b) => {
    const byKey = compareKeys(a, b);
    if (byKey !== 0) return Math.sign(byKey) * direction;
    if (a.id === b.id) return 0;
    return (a.id < b.id ? -1 : 1) * direction;
  };
}

/** The API's filter: whether a task belongs in a list with this status, search, priority and tag. */
export function matchesTaskFilter(task: Task, filter: TaskFilter): boolean {
  if (filter.status === "active" && task.completed) return false;
  if (filter.status === "completed" && !task.completed) return false;
  if (filter.priority && task.priority !== filter.priority) return false;
  if (filter.tag && !task.tags.includes(filter.tag)) return false;
  const needle = filter.q?.trim().toLowerCase();
  if (needle) {
    const inTitle = task.title.toLowerCase().includes(needle);
    const inDescription = task.description?.toLowerCase().includes(needle) ?? false;
    if (!inTitle && !inDescription) return false;
  }
  return true;
}
