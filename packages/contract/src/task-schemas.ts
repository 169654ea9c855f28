// The task API's shapes as Zod schemas: the API validates requests and
// generates /openapi.json from these objects, and the web app takes its types
// from them. `.meta({ id })` names each one as a component of the document.
import { z } from "zod";
import {
  CURSOR_MAX,
  DESCRIPTION_MAX,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  QUICK_ADD_MAX,
  RECURRENCE_RULE_MAX,
  RECURRENCE_TEXT_MAX,
  REMINDER_BEFORE_MAX,
  REMINDERS_PER_TASK_MAX,
  SEARCH_MAX,
  TAG_MAX,
  TAGS_PER_TASK_MAX,
  TITLE_MAX,
} from "./limits";
import { recurrenceFroms, taskPriorities, taskSorts, taskStatuses, taskViews } from "./vocabulary";

const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "must not contain NUL characters";

const Title = z.string().trim().min(1).max(TITLE_MAX).refine(noNul, NUL_MESSAGE);
const Description = z.string().max(DESCRIPTION_MAX).refine(noNul, NUL_MESSAGE).nullable();
const Priority = z.enum(taskPriorities);
const Instant = z.iso.datetime({ offset: true });
/** A calendar day, `YYYY-MM-DD`, that exists (no 2026-02-30). */
export const LocalDate = z.iso.date();
const Tag = z.string().trim().toLowerCase().min(1).max(TAG_MAX).refine(noNul, NUL_MESSAGE);
const Tags = z
  .array(Tag)
  .max(TAGS_PER_TASK_MAX)
  .overwrite((tags) => [...new Set(tags)]);

export const RecurrenceSchema = z
  .object({
    rule: z.string().meta({ description: "An RFC 5545 RRULE body, e.g. `FREQ=WEEKLY;BYDAY=MO,FR`" }),
    text: z.string().meta({ description: "A human description, e.g. `every Mon, Fri`" }),
    from: z.enum(recurrenceFroms).meta({
      description:
        "`due`: the next due follows the schedule; `completion`: it is counted from the day the task was done",
    }),
  })
  .meta({ id: "Recurrence" });
export type Recurrence = z.infer<typeof RecurrenceSchema>;

const RecurrenceInput = z
  .strictObject({
    rule: z.string().trim().min(1).max(RECURRENCE_RULE_MAX).refine(noNul, NUL_MESSAGE),
    text: z.string().trim().min(1).max(RECURRENCE_TEXT_MAX).refine(noNul, NUL_MESSAGE).optional(),
    from: z.enum(recurrenceFroms).default("due"),
  })
  .meta({ id: "RecurrenceInput" });
export type RecurrenceInput = z.output<typeof RecurrenceInput>;

export const ReminderSchema = z
  .union([
    z.strictObject({ at: Instant.meta({ description: "When to remind" }) }),
    z.strictObject({
      before: z
        .int()
        .min(0)
        .max(REMINDER_BEFORE_MAX)
        .meta({ description: "Minutes before a timed due (0–10080, a week)" }),
    }),
  ])
  .meta({ id: "Reminder" });
export type Reminder = z.infer<typeof ReminderSchema>;

export const TaskSchema = z
  .object({
    id: z.uuid(),
    listId: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    completed: z.boolean(),
    priority: Priority,
    dueDate: LocalDate.nullable().meta({
      description: "The due day in your time zone; set whenever the task has a due",
    }),
    dueAt: Instant.nullable().meta({
      description: "The due instant; set only when the due has a time of day",
    }),
    recurrence: RecurrenceSchema.nullable(),
    reminders: z.array(ReminderSchema),
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
  listId: z.uuid().optional().meta({ description: "One of your lists; your Inbox unless given" }),
  dueDate: LocalDate.nullable().optional().meta({ description: "An all-day due; `null` clears the due" }),
  dueAt: Instant.nullable()
    .optional()
    .meta({ description: "A due with a time of day; `null` clears the due" }),
  recurrence: RecurrenceInput.nullable().optional(),
  reminders: z.array(ReminderSchema).max(REMINDERS_PER_TASK_MAX).optional(),
  tags: Tags.optional(),
};

/** A due is either a day or an instant: both in one write is ambiguous. */
function oneDueOnly(
  input: { dueDate?: string | null | undefined; dueAt?: string | null | undefined },
  ctx: z.RefinementCtx,
) {
  if (input.dueDate !== undefined && input.dueAt !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["dueDate"],
      message: "send either dueDate (all day) or dueAt (with a time), not both",
    });
}

/** PUT: a title and any of the other writable fields; unknown fields (userId, id, version, …) are refused. */
export const TaskInputSchema = z.strictObject(writable).superRefine(oneDueOnly).meta({ id: "TaskInput" });
export type TaskInput = z.output<typeof TaskInputSchema>;

/**
 * POST: a task's fields, or `quickAdd` text that the server parses into them
 * (with an optional `listId` and `description`; `#List` in the text wins).
 */
export const TaskCreateSchema = z
  .strictObject({
    ...writable,
    title: Title.optional(),
    quickAdd: z.string().max(QUICK_ADD_MAX).refine(noNul, NUL_MESSAGE).optional().meta({
      description:
        'Text such as "Pay rent every month on the 1st p1 #Home @bills", parsed as POST /api/quick-add/parse does',
    }),
  })
  .superRefine((input, ctx) => {
    oneDueOnly(input, ctx);
    if (input.quickAdd === undefined) {
      if (input.title === undefined)
        ctx.addIssue({ code: "custom", path: ["title"], message: "is required" });
      return;
    }
    for (const field of [
      "title",
      "completed",
      "priority",
      "dueDate",
      "dueAt",
      "recurrence",
      "reminders",
      "tags",
    ] as const)
      if (input[field] !== undefined)
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: "cannot be sent with quickAdd: the text says it",
        });
  })
  .meta({ id: "TaskCreate" });
export type TaskCreate = z.output<typeof TaskCreateSchema>;

export const TaskPatchSchema = z
  .strictObject({ ...writable, title: Title.optional() })
  .superRefine(oneDueOnly)
  .refine((patch) => Object.keys(patch).length > 0, "must change at least one field")
  .meta({ id: "TaskPatch" });
export type TaskPatch = z.output<typeof TaskPatchSchema>;

export const CompletionSchema = z
  .object({
    dueDate: LocalDate.nullable().meta({ description: "The due day the task had when it was done" }),
    completedAt: Instant,
  })
  .meta({ id: "Completion" });
export const CompletionPageSchema = z
  .object({ items: z.array(CompletionSchema) })
  .meta({ id: "CompletionList" });
export type Completion = z.infer<typeof CompletionSchema>;

export const QuickAddParseInputSchema = z
  .strictObject({ text: z.string().max(QUICK_ADD_MAX).refine(noNul, NUL_MESSAGE) })
  .meta({ id: "QuickAddParseInput" });

export const QuickAddParseSchema = z
  .object({
    title: z.string(),
    dueDate: LocalDate.nullable(),
    dueAt: Instant.nullable(),
    recurrence: RecurrenceSchema.nullable(),
    priority: Priority,
    tags: z.array(z.string()),
    listId: z.uuid().nullable(),
    tokens: z.array(
      z.object({
        start: z.int().min(0),
        end: z.int().min(0),
        kind: z.enum(["date", "recurrence", "priority", "list", "tag"]),
      }),
    ),
  })
  .meta({ id: "QuickAddParse" });
export type QuickAddParse = z.infer<typeof QuickAddParseSchema>;

const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

export const TaskListQuerySchema = z.object({
  status: z.enum(taskStatuses).default("all"),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(SEARCH_MAX).refine(noNul, NUL_MESSAGE).optional()),
  priority: z.preprocess(emptyToUndefined, Priority.optional()),
  tag: z.preprocess(emptyToUndefined, Tag.optional()),
  dueBefore: z.preprocess(emptyToUndefined, Instant.optional()),
  dueAfter: z.preprocess(emptyToUndefined, Instant.optional()),
  listId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  view: z.preprocess(emptyToUndefined, z.enum(taskViews).optional()),
  dueOn: z.preprocess(emptyToUndefined, LocalDate.optional()),
  // Default: `dueAt` (by due day, then time) with a view, else `-createdAt`.
  sort: z.preprocess(emptyToUndefined, z.enum(taskSorts).optional()),
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
