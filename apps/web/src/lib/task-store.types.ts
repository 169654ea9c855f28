// What the task store (task-store.ts) takes and gives: the API it calls, the
// problems it reports, the state it shows, and the changes it accepts from
// elsewhere.
import type { TaskConflict } from "./conflicts";
import type { DraftFields } from "./task-ops";
import type { Task, TaskChanges, TaskCreate, TaskPage } from "./task-types";
import type { TaskView } from "./task-view";

/** The task routes the store calls (lib/tasks-api.ts in the app, fakes in tests). */
export interface TaskApi {
  listTasks(view: TaskView, cursor: string | null, signal?: AbortSignal): Promise<TaskPage>;
  getTask(id: string): Promise<Task>;
  createTask(input: TaskCreate, idempotencyKey: string): Promise<Task>;
  /**
   * `version`: sent as If-Match now. `context`: the version the change was
   * made against and the task as the user saw it, which the offline outbox
   * keeps to check (and show) a conflict when it sends the change later.
   */
  updateTask(
    id: string,
    changes: TaskChanges,
    version?: number,
    context?: { base: number; task: Task },
  ): Promise<Task>;
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
  /** The user's time zone, which gives an optimistic timed due its day. */
  timeZone?: () => string;
  /**
   * The API sends writes one at a time in the order they are made (the
   * offline outbox): the store then hands each write over at once instead of
   * queueing it behind the task's previous one, so every change is written
   * down (and counted as waiting) the moment it is made.
   */
  ordered?: boolean;
  /** A change was refused (412) because the same fields changed elsewhere: the user chooses. */
  onConflict?: (conflict: TaskConflict) => void;
}

export interface AddOptions {
  /** Send the text as quick add (`{quickAdd}`): the server parses it. */
  quickAdd?: boolean | undefined;
  /** The list it goes to, unless quick add's `#List` says otherwise. */
  listId?: string | undefined;
  /** What the page already parsed, so the stand-in shows where the task will land. */
  draft?: { title?: string | undefined; fields?: DraftFields | undefined } | undefined;
  /** A retry sends the failed attempt's key again. */
  idempotencyKey?: string | undefined;
  /** Gets a refusal first; true when it has told the user itself (no toast then). */
  onRejected?: ((error: unknown) => boolean) | undefined;
}

export interface UpdateSettings {
  /** Sent with If-Match: refused if the task changed elsewhere (for edits of text). */
  guarded?: boolean | undefined;
  /** The server's copy once saved (a recurring task's next due, for instance). */
  onSaved?: ((saved: Task) => void) | undefined;
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
