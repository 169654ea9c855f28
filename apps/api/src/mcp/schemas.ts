// The MCP tools' input and output shapes (SPEC §11). Field rules are the task
// API's own (the contract's limits); the names are the ones agents were
// promised (`task_id`, `due`, `list`), so they are not the REST body's.
import {
  DESCRIPTION_MAX,
  QUICK_ADD_MAX,
  SEARCH_MAX,
  TAG_MAX,
  TAGS_PER_TASK_MAX,
  TITLE_MAX,
} from "@todo/contract/limits";
import { ListSchema } from "@todo/contract/list-schemas";
import { TaskSchema } from "@todo/contract/task-schemas";
import { taskPriorities, taskViews } from "@todo/contract/vocabulary";
import { z } from "zod";

const noNul = (s: string) => !s.includes("\u0000");

/** Accepted on every tool: a client that sends one must send the caller's own id (SPEC §11). */
const userId = z
  .string()
  .max(200)
  .optional()
  .describe("Your user id. Optional; if sent it must be the signed-in user's, else the call fails.");

const taskId = z.uuid().describe("The task's id, as list_tasks returns it");
const title = z.string().trim().min(1).max(TITLE_MAX).refine(noNul, "must not contain NUL characters");
const description = z.string().max(DESCRIPTION_MAX).refine(noNul, "must not contain NUL characters");
const priority = z.enum(taskPriorities);
const tags = z
  .array(z.string().trim().toLowerCase().min(1).max(TAG_MAX).refine(noNul, "must not contain NUL characters"))
  .max(TAGS_PER_TASK_MAX);
const due = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(noNul, "must not contain NUL characters")
  .describe(
    'When it is due: an ISO date ("2026-12-24"), an ISO date-time with offset ("2026-12-24T09:00:00+01:00") or a phrase such as "tomorrow 5pm" or "next friday", read in your time zone',
  );
const listName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('A list\'s name (case-insensitive), e.g. "Groceries"');

export const AddTaskInput = z.object({
  title,
  description: description.optional(),
  due: due.optional(),
  priority: priority.optional(),
  tags: tags.optional(),
  list: listName
    .optional()
    .describe("The list to add it to (case-insensitive name); your Inbox unless given"),
  user_id: userId,
});

/** MCP's word for open tasks is "pending"; the API's is "active". */
export const mcpStatuses = ["all", "pending", "completed"] as const;

export const ListTasksInput = z.object({
  status: z.enum(mcpStatuses).optional().describe("pending: not done yet; completed: done; all (default)"),
  view: z.enum(taskViews).optional().describe("today, upcoming or overdue (open tasks by due day)"),
  list: listName.optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(SEARCH_MAX)
    .refine(noNul, "must not contain NUL characters")
    .optional()
    .describe("Words to find in the title or description"),
  limit: z.int().min(1).max(100).optional().describe("At most this many tasks (default 50)"),
  user_id: userId,
});

export const TaskIdInput = z.object({ task_id: taskId, user_id: userId });

export const UpdateTaskInput = z.object({
  task_id: taskId,
  title: title.optional(),
  description: description.nullable().optional().describe("New description; null clears it"),
  due: due.nullable().optional().describe("New due (as for add_task); null clears it"),
  priority: priority.optional(),
  tags: tags.optional().describe("The task's new tags (replace the old ones)"),
  user_id: userId,
});

export const ListListsInput = z.object({ user_id: userId });

export const QuickAddInput = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .max(QUICK_ADD_MAX)
    .refine(noNul, "must not contain NUL characters")
    .describe('A task in words, e.g. "Pay rent every month on the 1st p1 #Home @bills"'),
  user_id: userId,
});

export const TaskResult = z.object({ task: TaskSchema });
export const TaskListResult = z.object({
  tasks: z.array(TaskSchema),
  hasMore: z.boolean().describe("More tasks match than were returned"),
});
export const DeleteResult = z.object({ deleted: z.literal(true), task_id: z.uuid() });
export const ListListsResult = z.object({ lists: z.array(ListSchema) });
