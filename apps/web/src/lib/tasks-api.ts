// The task routes of SPEC §4, §7 and §8 on top of the one `apiFetch`, typed
// from the contract's schemas (the same ones the API validates with and
// documents in /openapi.json), so what the web app sends and expects is what
// the API documents.
import { apiFetch } from "./api-client";
import type { CompletionPage, Task, TaskChanges, TaskCreate, TaskPage } from "./task-types";
import { type TaskView, viewToApiQuery } from "./task-view";

export const PAGE_SIZE = 50;

const taskPath = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

export function listTasks(view: TaskView, cursor: string | null, signal?: AbortSignal): Promise<TaskPage> {
  return apiFetch<TaskPage>(`/api/tasks?${viewToApiQuery(view, { limit: PAGE_SIZE, cursor })}`, { signal });
}

export function getTask(id: string): Promise<Task> {
  return apiFetch<Task>(taskPath(id));
}

/**
 * Creates a task (from fields, or quick-add text the server parses). The
 * caller keeps `idempotencyKey` with the attempt and sends the same one when
 * it retries, so a create whose answer was lost is not made twice.
 */
export function createTask(input: TaskCreate, idempotencyKey: string): Promise<Task> {
  return apiFetch<Task>("/api/tasks", {
    method: "POST",
    json: input,
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

/** With `version`, the API refuses (412) if someone else changed the task since. */
export function updateTask(id: string, changes: TaskChanges, version?: number): Promise<Task> {
  return apiFetch<Task>(taskPath(id), {
    method: "PATCH",
    json: changes,
    headers: version === undefined ? undefined : { "If-Match": `"${version}"` },
  });
}

/** `keepalive` lets a delete still in its Undo window be sent while the page is closing. */
export function deleteTask(id: string, options: { keepalive?: boolean } = {}): Promise<void> {
  return apiFetch<void>(taskPath(id), { method: "DELETE", keepalive: options.keepalive });
}

export function clearCompleted(): Promise<{ deleted: number }> {
  return apiFetch<{ deleted: number }>("/api/tasks?status=completed", { method: "DELETE" });
}

/** When a recurring task was done, newest first as the API gives them. */
export function listCompletions(id: string): Promise<CompletionPage> {
  return apiFetch<CompletionPage>(`${taskPath(id)}/completions`);
}
