// The words of the task API: priorities, list filters and sorts. Values, so
// that the database enum, the API's schemas and the web app's menus are all
// built from the same lists.

/** In rank order: PostgreSQL sorts an enum in declaration order. */
export const taskPriorities = ["none", "low", "medium", "high"] as const;
export type TaskPriority = (typeof taskPriorities)[number];

export const taskStatuses = ["all", "active", "completed"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskSortFields = ["createdAt", "dueAt", "priority", "title"] as const;
export type TaskSortField = (typeof taskSortFields)[number];

/** A field, ascending, or `-field`, descending. */
export const taskSorts = [
  "createdAt",
  "-createdAt",
  "dueAt",
  "-dueAt",
  "priority",
  "-priority",
  "title",
  "-title",
] as const satisfies readonly (TaskSortField | `-${TaskSortField}`)[];
export type TaskSort = (typeof taskSorts)[number];

export const DEFAULT_TASK_SORT: TaskSort = "-createdAt";

/** A list's colour: names, not values, so each theme picks its own shade. */
export const listColors = [
  "grey",
  "red",
  "orange",
  "yellow",
  "green",
  "teal",
  "blue",
  "purple",
  "pink",
] as const;
export type ListColor = (typeof listColors)[number];

/** Planner views of GET /api/tasks: each picks open tasks by their due day in the owner's zone. */
export const taskViews = ["today", "upcoming", "overdue"] as const;
export type TaskView = (typeof taskViews)[number];

/** Where a recurring task's next due is counted from: its schedule, or the day it was done (`every!`). */
export const recurrenceFroms = ["due", "completion"] as const;
export type RecurrenceFrom = (typeof recurrenceFroms)[number];
