// The task routes' schemas: the shared contract's (packages/contract), plus
// what binds them to HTTP here — path parameters — and the conversions
// between database rows and API objects.
import { z } from "@hono/zod-openapi";
import type { Task, TaskInput, TaskPatch } from "@todo/contract/task-schemas";
import type { TaskRow } from "@todo/db";

export {
  ProblemSchema,
  type Task,
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
    title: row.title,
    description: row.description,
    completed: row.completed,
    priority: row.priority,
    dueAt: row.dueAt?.toISOString() ?? null,
    tags: row.tags,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
    version: row.version,
  };
}

/** The writable fields with their defaults filled in, for create and full replace. */
export function withDefaults(input: TaskInput) {
  return {
    title: input.title,
    description: input.description ?? null,
    completed: input.completed ?? false,
    priority: input.priority ?? "none",
    dueAt: input.dueAt ? new Date(input.dueAt) : null,
    tags: input.tags ?? [],
  };
}

export function toChanges(patch: TaskPatch) {
  const { dueAt, ...rest } = patch;
  return dueAt === undefined ? rest : { ...rest, dueAt: dueAt === null ? null : new Date(dueAt) };
}
