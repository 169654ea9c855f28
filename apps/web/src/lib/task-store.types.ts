// What the task store (task-store.ts) takes and gives: the API it calls, the
// problems it reports, the state it shows, and the changes it accepts from
// elsewhere.
import type { Task, TaskChanges, TaskPage } from "./task-types";
import type { TaskView } from "./task-view";

/** The task routes the store calls (lib/tasks-api.ts in the app, fakes in tests). */
export interface TaskApi {
  listTasks(view: TaskView, cursor: string | null, signal?: AbortSignal): Promise<TaskPage>;
  getTask(id: string): Promise<Task>;
  createTask(input: { title: string }, idempotencyKey: string): Promise<Task>;
  updateTask(id: string, changes: TaskChanges, version?: number): Promise<Task>;
  deleteTask(id: string, options?: { keepalive?: boolean }): Promise<void>;
  clearCompleted(): Promise<{ deleted: number }>;
}

/** A call failed; its change has already been rolled back. */
export interface Problem {
  error: unknown;
  message: string;
  /** Tries the same change again (a create with the same Idempotency-Key). */
  retry?: (() => void) | undefined;
  /** A title that was never saved: worth keeping if the session has ended. */
  unsentTitle?: string | undefined;
}

export interface TaskStoreOptions {
  api: TaskApi;
  onProblem: (problem: Problem) => void;
  onNotice: (message: string) => void;
  undoMs?: number;
  newKey?: () => string;
  /** The clock for stand-ins and completedAt, as an ISO string. */
  now?: () => string;
}

/** A delete that can still be taken back. `id` is new for every delete. */
export interface UndoOffer {
  id: number;
  task: Task;
}

export interface TaskStoreState {
  /** The server's tasks with every change in flight applied: unfiltered, in no order. */
  tasks: readonly Task[];
  phase: "loading" | "ready" | "error";
  loadError: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  undo: UndoOffer | null;
}

/** A change made elsewhere: the newest copy of a task, or its deletion. */
export type RemoteChange = { type: "upsert"; task: Task } | { type: "delete"; id: string };
