// Request and response schemas for the task routes: the same objects
// validate requests and generate /openapi.json.
import { z } from "@hono/zod-openapi";
import { type TaskRow, taskPriorities, taskSorts, taskStatuses } from "@todo/db";

const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "must not contain NUL characters";

const Title = z.string().trim().min(1).max(200).refine(noNul, NUL_MESSAGE);
const Description = z.string().max(2000).refine(noNul, NUL_MESSAGE).nullable();
const Priority = z.enum(taskPriorities);
const Instant = z.iso.datetime({ offset: true });
const Tag = z.string().trim().toLowerCase().min(1).max(32).refine(noNul, NUL_MESSAGE);
const Tags = z
  .array(Tag)
  .max(20)
  .overwrite((tags) => [...new Set(tags)]);

export const TaskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    completed: z.boolean(),
    priority: Priority,
    dueAt: Instant.nullable(),
    tags: z.array(z.string()),
    createdAt: Instant,
    updatedAt: Instant,
    completedAt: Instant.nullable(),
    version: z.int().min(1),
  })
  .openapi("Task");
export type Task = z.infer<typeof TaskSchema>;

const writable = {
  title: Title,
  description: Description.optional(),
  completed: z.boolean().optional(),
  priority: Priority.optional(),
  dueAt: Instant.nullable().optional(),
  tags: Tags.optional(),
};

/** POST and PUT: a title and any of the other writable fields; unknown fields (userId, id, version, …) are refused. */
export const TaskInputSchema = z.strictObject(writable).openapi("TaskInput");
export type TaskInput = z.infer<typeof TaskInputSchema>;

export const TaskPatchSchema = z
  .strictObject({ ...writable, title: Title.optional() })
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field")
  .openapi("TaskPatch");
export type TaskPatch = z.infer<typeof TaskPatchSchema>;

export const TaskIdParams = z.object({
  // Any 8-4-4-4-12 hex id is well-formed; whether it exists is a 404.
  id: z.guid().openapi({ param: { name: "id", in: "path" } }),
});

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

/**
 * A substring search costs about len(text) × len(q) per candidate row, and a
 * user can craft tasks that keep every row a candidate: 200 characters let
 * one search hold the embedded database for 240 ms per 400 such tasks, 50 for
 * 83 ms (`npm run bench:search`). Nobody types a 50-character search.
 */
export const SEARCH_MAX_LENGTH = 50;

export const TaskListQuerySchema = z.object({
  status: z.enum(taskStatuses).default("all"),
  q: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(SEARCH_MAX_LENGTH).refine(noNul, NUL_MESSAGE).optional(),
  ),
  priority: z.preprocess(emptyToUndefined, Priority.optional()),
  tag: z.preprocess(emptyToUndefined, Tag.optional()),
  dueBefore: z.preprocess(emptyToUndefined, Instant.optional()),
  dueAfter: z.preprocess(emptyToUndefined, Instant.optional()),
  sort: z.enum(taskSorts).default("-createdAt"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.preprocess(emptyToUndefined, z.string().max(1000).optional()),
});

export const TaskPageSchema = z
  .object({ items: z.array(TaskSchema), nextCursor: z.string().nullable() })
  .openapi("TaskPage");

export const ClearCompletedQuery = z.object({
  status: z.literal("completed", { error: "must be 'completed': only completed tasks can be cleared" }),
});

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

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
