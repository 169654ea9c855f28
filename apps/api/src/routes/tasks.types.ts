// The task routes' schemas: the shared contract's (packages/contract), plus
// what binds them to HTTP here — path parameters — and the conversions
// between database rows and API objects.
import { z } from "@hono/zod-openapi";
import type { Completion, Task, TaskCreate, TaskInput } from "@todo/contract/task-schemas";
import type { TaskCompletionRow, TaskRow } from "@todo/db";
import type { TaskCreateDraft, TaskDraft } from "../services/tasks";

export {
  CompletionPageSchema,
  ProblemSchema,
  QuickAddParseInputSchema,
  QuickAddParseSchema,
  type Task,
  TaskCreateSchema,
  TaskInputSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskPatchSchema,
  TaskSchema,
} from "@todo/contract/task-schemas";

export const TaskIdParams = z.object({
  // Any 8-4-4-4-12 hex id is well-formed; whether it exists is a 404.
  id: z.guid().openapi({ param: { name: "id", in: "path" } }),
});

export const ClearCompletedQuery = z.object({
  status: z.literal("completed", { error: "must be 'completed': only completed tasks can be cleared" }),
});

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    listId: row.listId,
    title: row.title,
    description: row.description,
    completed: row.completed,
    priority: row.priority,
    dueDate: row.dueDate,
    dueAt: row.dueAt?.toISOString() ?? null,
    recurrence: row.recurrence,
    reminders: row.reminders,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export function toCompletion(row: TaskCompletionRow): Completion {
  return { dueDate: row.dueDate, completedAt: row.completedAt.toISOString() };
}

/**
 * PUT is a full replace: the fields left out return to their defaults (no
 * due, no recurrence). The list is the exception: a task stays in its list
 * unless `listId` moves it, so a client that knows nothing of lists cannot
 * move tasks by leaving the field out.
 */
export function withDefaults(input: TaskInput): TaskDraft & { title: string } {
  return {
    title: input.title,
    description: input.description ?? null,
    completed: input.completed ?? false,
    priority: input.priority ?? "none",
    listId: input.listId,
    ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : { dueAt: input.dueAt ?? null }),
    recurrence: input.recurrence ?? null,
    reminders: input.reminders ?? [],
    tags: input.tags ?? [],
  };
}

/** POST: quick-add text, or the fields with their defaults (the Inbox unless `listId` says otherwise). */
export function toCreateDraft(input: TaskCreate): TaskCreateDraft {
  const { quickAdd, title, ...rest } = input;
  if (quickAdd !== undefined) return { quickAdd, listId: rest.listId, description: rest.description };
  return withDefaults({ ...rest, title: title ?? "" });
}
