// The task API's shapes as Zod schemas: the API validates requests and
// generates /openapi.json from these objects, and the web app takes its types
// from them. `.meta({ id })` names each one as a component of the document.
import { z } from "zod";
import {
  CURSOR_MAX,
  DESCRIPTION_MAX,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  SEARCH_MAX,
  TAG_MAX,
  TAGS_PER_TASK_MAX,
  TITLE_MAX,
} from "./limits";
import { DEFAULT_TASK_SORT, taskPriorities, taskSorts, taskStatuses } from "./vocabulary";

const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "must not contain NUL characters";

const Title = z.string().trim().min(1).max(TITLE_MAX).refine(noNul, NUL_MESSAGE);
const Description = z.string().max(DESCRIPTION_MAX).refine(noNul, NUL_MESSAGE).nullable();
const Priority = z.enum(taskPriorities);
const Instant = z.iso.datetime({ offset: true });
const Tag = z.string().trim().toLowerCase().min(1).max(TAG_MAX).refine(noNul, NUL_MESSAGE);
const Tags = z
  .array(Tag)
  .max(TAGS_PER_TASK_MAX)
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
  .meta({ id: "Task" });
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
export const TaskInputSchema = z.strictObject(writable).meta({ id: "TaskInput" });
export type TaskInput = z.infer<typeof TaskInputSchema>;

export const TaskPatchSchema = z
  .strictObject({ ...writable, title: Title.optional() })
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field")
  .meta({ id: "TaskPatch" });
export type TaskPatch = z.infer<typeof TaskPatchSchema>;

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

export const TaskListQuerySchema = z.object({
  status: z.enum(taskStatuses).default("all"),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(SEARCH_MAX).refine(noNul, NUL_MESSAGE).optional()),
  priority: z.preprocess(emptyToUndefined, Priority.optional()),
  tag: z.preprocess(emptyToUndefined, Tag.optional()),
  dueBefore: z.preprocess(emptyToUndefined, Instant.optional()),
  dueAfter: z.preprocess(emptyToUndefined, Instant.optional()),
  sort: z.enum(taskSorts).default(DEFAULT_TASK_SORT),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(PAGE_SIZE_DEFAULT),
  cursor: z.preprocess(emptyToUndefined, z.string().max(CURSOR_MAX).optional()),
});
export type TaskListQuery = z.output<typeof TaskListQuerySchema>;

export const TaskPageSchema = z
  .object({ items: z.array(TaskSchema), nextCursor: z.string().nullable() })
  .meta({ id: "TaskPage" });
export type TaskPage = z.infer<typeof TaskPageSchema>;

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof ProblemSchema>;
