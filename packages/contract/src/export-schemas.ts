// The shapes of export, import and the calendar feed (SPEC §10). The export
// document is also what POST /api/import reads back: the schema that
// describes a download is the one that checks an upload, so a file we wrote
// is always a file we accept (docs/decisions/0010-export-formats.md).
import { z } from "zod";
import {
  DESCRIPTION_MAX,
  IMPORT_REMINDERS_PER_TASK_MAX,
  LIST_NAME_MAX,
  LISTS_PER_OWNER_MAX,
  RECURRENCE_RULE_MAX,
  RECURRENCE_TEXT_MAX,
  TAG_MAX,
  TAGS_PER_TASK_MAX,
  TITLE_MAX,
} from "./limits";
import { listColors, recurrenceFroms, taskPriorities } from "./vocabulary";

/** The version of the JSON export's shape; an import refuses any other. */
export const EXPORT_SCHEMA_VERSION = 1;

export const exportFormats = ["json", "csv", "ics"] as const;
export type ExportFormat = (typeof exportFormats)[number];

const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "must not contain NUL characters";
const Instant = z.iso.datetime({ offset: true });
const LocalDate = z.iso.date();

export const ExportQuerySchema = z.object({
  format: z.enum(exportFormats).default("json").meta({
    description:
      "`json`: everything, to import here again; `csv`: Todoist's import format (open tasks); `ics`: iCalendar, one VTODO per task",
  }),
});

const ReminderSchema = z
  .union([
    z.strictObject({ at: Instant }).meta({ description: "At this instant" }),
    z
      .strictObject({
        before: z
          .int()
          .min(0)
          .max(60 * 24 * 28),
      })
      .meta({
        description: "This many minutes before a timed due",
      }),
  ])
  .meta({ id: "ExportReminder" });

export const ExportListSchema = z
  .object({
    id: z.uuid(),
    name: z.string().trim().min(1).max(LIST_NAME_MAX).refine(noNul, NUL_MESSAGE),
    color: z.enum(listColors),
    position: z.int().min(-1_000_000).max(1_000_000),
    isInbox: z.boolean(),
    archived: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: "ExportList" });
export type ExportList = z.infer<typeof ExportListSchema>;

export const ExportCompletionSchema = z
  .object({ dueDate: LocalDate.nullable(), completedAt: Instant })
  .meta({ id: "ExportCompletion" });

export const ExportTaskSchema = z
  .object({
    id: z.uuid(),
    listId: z.uuid(),
    title: z.string().trim().min(1).max(TITLE_MAX).refine(noNul, NUL_MESSAGE),
    description: z.string().max(DESCRIPTION_MAX).refine(noNul, NUL_MESSAGE).nullable(),
    completed: z.boolean(),
    priority: z.enum(taskPriorities),
    dueDate: LocalDate.nullable(),
    dueAt: Instant.nullable(),
    recurrence: z
      .object({
        rule: z.string().trim().min(1).max(RECURRENCE_RULE_MAX).refine(noNul, NUL_MESSAGE),
        text: z.string().max(RECURRENCE_TEXT_MAX).refine(noNul, NUL_MESSAGE),
        from: z.enum(recurrenceFroms),
      })
      .nullable(),
    recurrenceAnchor: LocalDate.nullable().meta({
      description: "The series' first due (its DTSTART): where INTERVAL counts from",
    }),
    recurrenceDone: z.int().min(0).meta({ description: "Occurrences completed, for COUNT" }),
    reminders: z.array(ReminderSchema).max(IMPORT_REMINDERS_PER_TASK_MAX),
    tags: z
      .array(z.string().trim().toLowerCase().min(1).max(TAG_MAX).refine(noNul, NUL_MESSAGE))
      .max(TAGS_PER_TASK_MAX),
    createdAt: Instant,
    updatedAt: Instant,
    completedAt: Instant.nullable(),
    completions: z.array(ExportCompletionSchema).max(10_000),
  })
  .meta({ id: "ExportTask" });
export type ExportTask = z.infer<typeof ExportTaskSchema>;

export const ExportDocumentSchema = z
  .object({
    schemaVersion: z.literal(EXPORT_SCHEMA_VERSION),
    exportedAt: Instant,
    user: z.object({
      id: z.string(),
      email: z.string().nullable(),
      name: z.string().nullable(),
      timeZone: z.string(),
    }),
    lists: z.array(ExportListSchema).max(LISTS_PER_OWNER_MAX),
    tasks: z.array(ExportTaskSchema),
  })
  .meta({ id: "ExportDocument" });
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;

export const ImportQuerySchema = z.object({
  list: z.string().trim().min(1).max(LIST_NAME_MAX).refine(noNul, NUL_MESSAGE).optional().meta({
    description:
      "CSV only: the list for tasks that come before any `section` row (made if you have none of that name); your Inbox unless given",
  }),
});

export const ImportErrorSchema = z
  .object({
    line: z.int().min(1).nullable().meta({ description: "The CSV line (1 = the header); null for JSON" }),
    path: z
      .string()
      .optional()
      .meta({ description: "JSON only: where in the document, e.g. `tasks.3.title`" }),
    message: z.string(),
  })
  .meta({ id: "ImportError" });
export type ImportError = z.infer<typeof ImportErrorSchema>;

export const ImportResultSchema = z
  .object({
    created: z.object({ lists: z.int().min(0), tasks: z.int().min(0) }),
    skipped: z.int().min(0).meta({
      description: "Tasks not created: already here (a file imported again) or rows that make no task",
    }),
    errors: z.array(ImportErrorSchema).meta({
      description: "What was imported with a change, or left out, line by line",
    }),
  })
  .meta({ id: "ImportResult" });
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const ImportProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.array(ImportErrorSchema).optional(),
  })
  .meta({ id: "ImportProblem" });

export const CalendarFeedSchema = z
  .object({
    url: z.url().meta({
      description:
        "Your secret feed address: whoever has it can read your open tasks with a due. Shown once; POST again to replace it.",
    }),
  })
  .meta({ id: "CalendarFeed" });
