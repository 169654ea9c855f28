// Optimistic updates as data. The list on screen is the server's last answer
// with the changes still in flight applied on top; when a call fails, its
// change is simply dropped, which rolls the screen back to what the server
// holds — even when other changes to the same task succeeded meanwhile.
import { describeRule } from "@todo/recurrence/describe-rule";
import type { Task, TaskChanges } from "./task-types";
import { localParts } from "./zoned-dates";

export type PendingOp =
  /** `task` is a stand-in with a temporary id until the server answers. */
  | { kind: "create"; opId: number; task: Task; idempotencyKey: string }
  | { kind: "update"; opId: number; taskId: string; changes: TaskChanges }
  /** Hidden at once; sent when its Undo window closes. */
  | { kind: "delete"; opId: number; taskId: string }
  | { kind: "clear-completed"; opId: number };

const PENDING_PREFIX = "pending:";

export function pendingTaskId(idempotencyKey: string): string {
  return `${PENDING_PREFIX}${idempotencyKey}`;
}

/** True for a stand-in the server has not confirmed yet. */
export function isPending(task: Task): boolean {
  return task.id.startsWith(PENDING_PREFIX);
}

/** The recurrence the server will store for an input (its text written from the rule when not sent). */
function recurrenceOf(input: NonNullable<TaskChanges["recurrence"]>): Task["recurrence"] {
  const from = input.from ?? "due";
  let text = input.text;
  if (!text)
    try {
      text = describeRule(input.rule, from);
    } catch {
      // The server refuses the rule and the change rolls back; until then, show it raw.
      text = input.rule;
    }
  return { rule: input.rule, text, from };
}

/**
 * What the task will look like once the server applies `changes`; `zone`
 * (the user's) gives a timed due its day.
 */
export function applyChanges(task: Task, changes: TaskChanges, now: string, zone = "UTC"): Task {
  const next: Task = { ...task };
  if (changes.title !== undefined) next.title = changes.title.trim();
  if (changes.description !== undefined) next.description = changes.description;
  if (changes.priority !== undefined) next.priority = changes.priority;
  if (changes.listId !== undefined) next.listId = changes.listId;
  if (changes.dueDate !== undefined) {
    next.dueDate = changes.dueDate;
    next.dueAt = null;
  }
  if (changes.dueAt !== undefined) {
    next.dueAt = changes.dueAt;
    next.dueDate = changes.dueAt ? localParts(changes.dueAt, zone).date : null;
  }
  if (changes.dueAt === null || changes.dueDate === null) next.recurrence = null;
  if (changes.recurrence !== undefined)
    next.recurrence = changes.recurrence ? recurrenceOf(changes.recurrence) : null;
  if (changes.tags !== undefined) next.tags = changes.tags;
  // A recurring task stays open when done: the server moves its due on
  // instead, and its answer brings the new due.
  const staysOpen = changes.completed === true && task.recurrence !== null;
  if (changes.completed !== undefined && changes.completed !== task.completed && !staysOpen) {
    next.completed = changes.completed;
    next.completedAt = changes.completed ? now : null;
  }
  return next;
}

/** The server's tasks with every change in flight applied, in the order they were made. */
export function applyOps(
  items: readonly Task[],
  ops: readonly PendingOp[],
  now: string,
  zone = "UTC",
): Task[] {
  let result = [...items];
  for (const op of ops) {
    switch (op.kind) {
      case "create":
        if (!result.some((task) => task.id === op.task.id)) result = [op.task, ...result];
        break;
      case "update":
        result = result.map((task) =>
          task.id === op.taskId ? applyChanges(task, op.changes, now, zone) : task,
        );
        break;
      case "delete":
        result = result.filter((task) => task.id !== op.taskId);
        break;
      case "clear-completed":
        result = result.filter((task) => !task.completed);
        break;
    }
  }
  return result;
}

/** What the page already knows of a task being created (e.g. quick add's own parse). */
export type DraftFields = Partial<
  Pick<Task, "listId" | "priority" | "dueDate" | "dueAt" | "recurrence" | "tags">
>;

/** A stand-in for a task being created, shown until the server answers. */
export function draftTask(
  title: string,
  idempotencyKey: string,
  now: string,
  fields: DraftFields = {},
): Task {
  return {
    id: pendingTaskId(idempotencyKey),
    // Unknown until the server answers; the stand-in shows wherever `fields` place it.
    listId: "",
    title: title.trim(),
    description: null,
    completed: false,
    priority: "none",
    dueDate: null,
    dueAt: null,
    recurrence: null,
    reminders: [],
    tags: [],
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    version: 1,
    ...fields,
  };
}

/**
 * A fresh Idempotency-Key. `crypto.randomUUID` exists only in secure
 * contexts (https, localhost), so a plain-http deployment gets an equally
 * random v4 UUID built from `getRandomValues`.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
