// The task API's types, inferred from the very schemas that validate its
// requests (packages/contract): a change to the API's shape breaks this build
// instead of the running app. Type-only imports, so no Zod is bundled into
// the browser.
import type { ListInputSchema, ListPatchSchema, ListSchema, MeSchema } from "@todo/contract/list-schemas";
import type {
  CompletionPageSchema,
  QuickAddParseSchema,
  TaskCreateSchema,
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
/** A POST /api/tasks body: fields, or quick-add text. */
export type TaskCreate = z.input<typeof TaskCreateSchema>;
/** A partial update, as the API accepts it. */
export type TaskChanges = z.input<typeof TaskPatchSchema>;
/** The list query after the API's defaults are applied. */
export type TaskQuery = z.output<typeof TaskListQuerySchema>;
export type CompletionPage = z.output<typeof CompletionPageSchema>;
export type Completion = CompletionPage["items"][number];
export type QuickAddParse = z.output<typeof QuickAddParseSchema>;

export type List = z.output<typeof ListSchema>;
export type ListInput = z.input<typeof ListInputSchema>;
export type ListChanges = z.input<typeof ListPatchSchema>;
export type Me = z.output<typeof MeSchema>;

export type { ListColor, TaskPriority, TaskSort, TaskStatus } from "@todo/contract/vocabulary";
