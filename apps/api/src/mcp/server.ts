// The MCP tools (SPEC §11). One server is built per request for one owner,
// whose id comes only from the verified access token: no argument can name
// another user. Each tool calls the same services as the REST routes, so
// every rule (limits, ownership, recurrence) is theirs; a refusal becomes a
// tool error (isError) with the API's own wording, never a stack trace.
import { McpServer } from "@modelcontextprotocol/server";
import type { List } from "@todo/contract/list-schemas";
import type { Task } from "@todo/contract/task-schemas";
import type { TaskPriority } from "@todo/contract/vocabulary";
import { answerFor } from "../domain-errors";
import type { Logger } from "../logger";
import { toList } from "../routes/lists";
import { toTask } from "../routes/tasks.types";
import type { ListService } from "../services/lists";
import type { TaskDraft, TaskService } from "../services/tasks";
import { DueNotUnderstood, resolveDue } from "./due";
import {
  AddTaskInput,
  DeleteResult,
  ListListsInput,
  ListListsResult,
  ListTasksInput,
  QuickAddInput,
  TaskIdInput,
  TaskListResult,
  TaskResult,
  UpdateTaskInput,
} from "./schemas";

export interface McpServices {
  tasks: TaskService;
  lists: ListService;
  logger: Logger;
}

interface TextContent {
  type: "text";
  text: string;
}
interface ToolReply {
  [key: string]: unknown;
  content: TextContent[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** A refusal the agent can act on (it reads the text). */
class ToolRefusal extends Error {}

const text = (value: string): TextContent[] => [{ type: "text", text: value }];
const ok = (structured: Record<string, unknown>, rendering: string): ToolReply => ({
  content: text(rendering),
  structuredContent: structured,
});

function describeTask(task: Task): string {
  const parts = [`${task.completed ? "[x]" : "[ ]"} ${task.title}`];
  if (task.dueAt) parts.push(`due ${task.dueAt}`);
  else if (task.dueDate) parts.push(`due ${task.dueDate}`);
  if (task.priority !== "none") parts.push(`${task.priority} priority`);
  if (task.tags.length > 0) parts.push(task.tags.map((tag) => `@${tag}`).join(" "));
  if (task.recurrence) parts.push(task.recurrence.text);
  return `${parts.join(" · ")} (id ${task.id})`;
}

const describeList = (list: List) =>
  `${list.name}${list.isInbox ? " (Inbox)" : ""}: ${list.openTaskCount} open (id ${list.id})`;

// Tool annotations (hints to the client, not guarantees): every tool stays
// inside this server ("closed world"); only delete_task destroys anything.
const reads = { readOnlyHint: true, openWorldHint: false };
const adds = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
const edits = { ...adds, idempotentHint: true };
const deletes = { ...edits, destructiveHint: true };

export function createTodoMcpServer(services: McpServices, ownerId: string): McpServer {
  const { tasks, lists, logger } = services;
  const server = new McpServer(
    { name: "todo", title: "Todo", version: "1.0.0" },
    {
      instructions:
        "The signed-in user's tasks and lists. Task ids come from list_tasks, add_task or quick_add.",
    },
  );

  /** Runs a tool for this owner: the user_id check first, and every failure as a tool error. */
  async function run(userId: string | undefined, work: () => Promise<ToolReply>): Promise<ToolReply> {
    try {
      if (userId !== undefined && userId !== ownerId)
        throw new ToolRefusal("user_id does not match the signed-in user; leave it out or send your own id.");
      return await work();
    } catch (error) {
      if (error instanceof ToolRefusal || error instanceof DueNotUnderstood)
        return { content: text(error.message), isError: true };
      const answer = answerFor(error);
      if (answer) return { content: text(answer.detail), isError: true };
      // A bug: logged without the arguments (they are the user's data), answered plainly.
      logger.error({ err: error }, "mcp tool failed");
      return { content: text("An unexpected error occurred."), isError: true };
    }
  }

  async function listIdNamed(name: string): Promise<string> {
    const wanted = name.trim().toLocaleLowerCase();
    const found = (await lists.listLists(ownerId)).find(
      (list) => !list.archived && list.name.toLocaleLowerCase() === wanted,
    );
    if (!found) throw new ToolRefusal(`You have no list named "${name}". list_lists shows your lists.`);
    return found.id;
  }

  const dueDraft = async (due: string | null | undefined): Promise<TaskDraft> => {
    if (due === undefined) return {};
    if (due === null) return { dueDate: null };
    return resolveDue(tasks, ownerId, due);
  };

  const taskReply = (verb: string, task: Task) => ok({ task }, `${verb}: ${describeTask(task)}`);

  server.registerTool(
    "add_task",
    {
      title: "Add a task",
      description: "Add a task to the user's list (their Inbox unless `list` names another).",
      inputSchema: AddTaskInput,
      outputSchema: TaskResult,
      annotations: adds,
    },
    (args) =>
      run(args.user_id, async () => {
        const draft: TaskDraft & { title: string } = {
          title: args.title,
          description: args.description,
          priority: args.priority as TaskPriority | undefined,
          tags: args.tags ? [...new Set(args.tags)] : undefined,
          ...(args.list ? { listId: await listIdNamed(args.list) } : {}),
          ...(await dueDraft(args.due)),
        };
        return taskReply("Added", toTask(await tasks.createTask(ownerId, draft)));
      }),
  );

  server.registerTool(
    "list_tasks",
    {
      title: "List tasks",
      description: "The user's tasks, newest first (by due day with a view), filtered as asked.",
      inputSchema: ListTasksInput,
      outputSchema: TaskListResult,
      annotations: reads,
    },
    (args) =>
      run(args.user_id, async () => {
        const page = await tasks.listTasks(ownerId, {
          status: args.status === "pending" ? "active" : (args.status ?? "all"),
          view: args.view,
          q: args.q,
          listId: args.list ? await listIdNamed(args.list) : undefined,
          limit: args.limit ?? 50,
        });
        const items = page.items.map(toTask);
        const rendering = items.length === 0 ? "No tasks match." : items.map(describeTask).join("\n");
        return ok({ tasks: items, hasMore: page.nextCursor !== null }, rendering);
      }),
  );

  server.registerTool(
    "complete_task",
    {
      title: "Complete a task",
      description: "Mark a task done (a recurring task moves on to its next due).",
      inputSchema: TaskIdInput,
      outputSchema: TaskResult,
      annotations: edits,
    },
    (args) =>
      run(args.user_id, async () =>
        taskReply("Completed", toTask(await tasks.updateTask(ownerId, args.task_id, { completed: true }))),
      ),
  );

  server.registerTool(
    "delete_task",
    {
      title: "Delete a task",
      description: "Delete a task for good.",
      inputSchema: TaskIdInput,
      outputSchema: DeleteResult,
      annotations: deletes,
    },
    (args) =>
      run(args.user_id, async () => {
        await tasks.deleteTask(ownerId, args.task_id);
        return ok({ deleted: true, task_id: args.task_id }, `Deleted task ${args.task_id}.`);
      }),
  );

  server.registerTool(
    "update_task",
    {
      title: "Change a task",
      description:
        "Change a task's title, description, due, priority or tags; fields left out stay as they are.",
      inputSchema: UpdateTaskInput,
      outputSchema: TaskResult,
      annotations: edits,
    },
    (args) =>
      run(args.user_id, async () => {
        const draft: TaskDraft = {
          title: args.title,
          description: args.description,
          priority: args.priority as TaskPriority | undefined,
          tags: args.tags ? [...new Set(args.tags)] : undefined,
          ...(await dueDraft(args.due)),
        };
        if (Object.values(draft).every((value) => value === undefined))
          throw new ToolRefusal("Send at least one field to change.");
        return taskReply("Updated", toTask(await tasks.updateTask(ownerId, args.task_id, draft)));
      }),
  );

  server.registerTool(
    "list_lists",
    {
      title: "List lists",
      description: "The user's lists with their open task counts.",
      inputSchema: ListListsInput,
      outputSchema: ListListsResult,
      annotations: reads,
    },
    (args) =>
      run(args.user_id, async () => {
        const all = (await lists.listLists(ownerId)).map(toList);
        return ok({ lists: all }, all.map(describeList).join("\n"));
      }),
  );

  server.registerTool(
    "quick_add",
    {
      title: "Quick add",
      description:
        'Add a task written in words: dates ("tomorrow 5pm"), recurrence ("every monday"), priority (p1–p3), #List and @tags are read from the text.',
      inputSchema: QuickAddInput,
      outputSchema: TaskResult,
      annotations: adds,
    },
    (args) =>
      run(args.user_id, async () =>
        taskReply("Added", toTask(await tasks.createTask(ownerId, { quickAdd: args.text }))),
      ),
  );

  return server;
}
