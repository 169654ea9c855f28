// The task API's types, inferred from the very schemas that validate its
// requests (packages/contract): a change to the API's shape breaks this build
// instead of the running app. Type-only imports, so no Zod is bundled into
// the browser.
import type {
  TaskInputSchema,
  TaskListQuerySchema,
  TaskPageSchema,
  TaskPatchSchema,
  TaskSchema,
} from "@todo/contract/task-schemas";
import type { z } from "zod";

export type Task = z.output<typeof TaskSchema>;
export type TaskPage = z.output<typeof TaskPageSchema>;
/** A create request body, as the API accepts it. */
export type TaskInput = z.input<typeof TaskInputSchema>;
/** A partial update, as the API accepts it. */
export type TaskChanges = z.input<typeof TaskPatchSchema>;
/** The list query after the API's defaults are applied. */
export type TaskQuery = z.output<typeof TaskListQuerySchema>;

export type { TaskPriority, TaskSort, TaskStatus } from "@todo/contract/vocabulary";
