// What the tasks page shows — status filter, search, priority, tag and sort —
// lives in the URL, so reload, Back and a shared link restore the same view.
// This module converts between the URL, the API's query and the list on
// screen; the predicates and the order below mirror the API's, so an
// optimistic change lands where the server would put it.
import { SEARCH_MAX, TAG_MAX } from "@todo/contract/limits";
import { compareTasks as compareTasksOnServer, matchesTaskFilter } from "@todo/contract/task-order";
import type { Task, TaskPriority, TaskSort, TaskStatus } from "./task-types";

export { SEARCH_MAX, TAG_MAX };

/**
 * Which tasks a page shows, besides the URL's filters: one list's, or the
 * planner's Today / Upcoming (open tasks by due day; `today` is the user's
 * today, for placing optimistic changes; the server reads its own).
 */
export type TaskScope =
  | { kind: "list"; listId: string }
  | { kind: "today"; today: string }
  | { kind: "upcoming"; today: string };

export interface TaskView {
  /** Absent: every task of every list. */
  scope?: TaskScope | undefined;
  status: TaskStatus;
  /** Search text as typed; trimmed when sent. */
  q: string;
  priority: TaskPriority | null;
  tag: string | null;
  sort: TaskSort;
}

export const DEFAULT_VIEW: TaskView = { status: "all", q: "", priority: null, tag: null, sort: "-createdAt" };

// Records keyed by the API's own unions: a value added to the API's schema
// fails the type check here until it has a label.
export const STATUS_LABELS: Record<TaskStatus, string> = {
  all: "All",
  active: "Active",
  completed: "Completed",
};

export const PRIORITY_LABELS: Record<TaskPriority, string> = {
  high: "High",
  medium: "Medium",
  low: "Low",
  none: "None",
};

export const SORT_LABELS: Record<TaskSort, string> = {
  "-createdAt": "Newest first",
  createdAt: "Oldest first",
  dueAt: "Due date, soonest first",
  "-dueAt": "Due date, latest first",
  "-priority": "Priority, high to low",
  priority: "Priority, low to high",
  title: "Title, A to Z",
  "-title": "Title, Z to A",
};

function oneOf<K extends string>(labels: Record<K, string>, value: string | null): K | undefined {
  return value !== null && Object.hasOwn(labels, value) ? (value as K) : undefined;
}

/** Reads a view from URL parameters; anything unknown or malformed falls back to the default. */
export function viewFromParams(params: { get(name: string): string | null }): TaskView {
  const tag = normaliseTag(params.get("tag") ?? "");
  return {
    status: oneOf(STATUS_LABELS, params.get("status")) ?? DEFAULT_VIEW.status,
    q: (params.get("q") ?? "").slice(0, SEARCH_MAX),
    priority: oneOf(PRIORITY_LABELS, params.get("priority")) ?? null,
    tag: tag && tag.length <= TAG_MAX ? tag : null,
    sort: oneOf(SORT_LABELS, params.get("sort")) ?? DEFAULT_VIEW.sort,
  };
}

/** The URL query for a view (`""` for the default one), defaults left out so links stay short. */
export function viewToSearch(view: TaskView): string {
  const params = new URLSearchParams();
  if (view.status !== DEFAULT_VIEW.status) params.set("status", view.status);
  if (view.q.trim()) params.set("q", view.q);
  if (view.priority) params.set("priority", view.priority);
  if (view.tag) params.set("tag", view.tag);
  if (view.sort !== DEFAULT_VIEW.sort) params.set("sort", view.sort);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** The API's list query for a view. */
export function viewToApiQuery(view: TaskView, page: { limit: number; cursor?: string | null }): string {
  const { scope } = view;
  // Today and Upcoming are read by due day, whatever sort the URL names.
  const sort = scope && scope.kind !== "list" ? "dueAt" : view.sort;
  const params = new URLSearchParams({ status: view.status, sort, limit: String(page.limit) });
  if (scope?.kind === "list") params.set("listId", scope.listId);
  else if (scope) params.set("view", scope.kind);
  const q = view.q.trim();
  if (q) params.set("q", q);
  if (view.priority) params.set("priority", view.priority);
  if (view.tag) params.set("tag", view.tag);
  if (page.cursor) params.set("cursor", page.cursor);
  return params.toString();
}

export function isFiltered(view: TaskView): boolean {
  return view.status !== "all" || view.q.trim() !== "" || view.priority !== null || view.tag !== null;
}

/** The API's filter, applied on the client so that an optimistic change leaves a view it no longer fits. */
export function matchesView(task: Task, view: TaskView): boolean {
  return matchesScope(task, view.scope) && matchesTaskFilter(task, view);
}

/** The API's `listId` / `view` rules (SPEC §7), for a task changed on this page. */
export function matchesScope(task: Task, scope: TaskScope | undefined): boolean {
  if (!scope) return true;
  switch (scope.kind) {
    case "list":
      return task.listId === scope.listId;
    case "today":
      return !task.completed && task.dueDate !== null && task.dueDate <= scope.today;
    case "upcoming":
      return !task.completed && task.dueDate !== null && task.dueDate >= scope.today;
  }
}

/** The API's order for a sort (shared with the server's tests: packages/contract): `dueAt` is by due day, then time, all-day first. */
export const compareTasks = compareTasksOnServer;

/** The order a view shows: by due in Today and Upcoming, else the URL's sort. */
export function compareForView(view: TaskView): (a: Task, b: Task) => number {
  return compareTasks(view.scope && view.scope.kind !== "list" ? "dueAt" : view.sort);
}

/** A tag as the API stores it: trimmed and lower-case. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase();
}

/**
 * Tags typed as "work, Home ,urgent": trimmed, lower-cased, empty and
 * duplicate entries dropped, in the order typed.
 */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(",").map(normaliseTag).filter(Boolean))];
}
