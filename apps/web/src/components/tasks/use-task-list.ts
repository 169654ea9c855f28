"use client";

// The task list's state: the server's answers plus the changes in flight
// (see task-ops.ts). Every change shows at once; the call behind it runs in
// the background, one at a time per task so that each sees the version the
// previous one produced, and a failure drops just that change.
import { useCallback, useEffect, useMemo, useReducer, useRef } from "react";
import { ApiError } from "@/lib/api-client";
import { applyOps, draftTask, isPending, newIdempotencyKey, type PendingOp } from "@/lib/task-ops";
import type { Task, TaskChanges, TaskPage } from "@/lib/task-types";
import { compareTasks, matchesView, type TaskView, viewToApiQuery } from "@/lib/task-view";
import * as tasksApi from "@/lib/tasks-api";

/** How long a deleted task can be brought back before the delete is sent. */
export const UNDO_MS = 5_000;

export interface ProblemOptions {
  /** Offered as a Retry button. */
  retry?: () => void;
  /** A title that was never saved: kept if the session has ended. */
  unsentTitle?: string;
}

export interface TaskListCallbacks {
  /** A call failed; its change has already been rolled back. */
  onProblem: (error: unknown, message: string, options?: ProblemOptions) => void;
  onNotice: (message: string) => void;
}

interface State {
  items: Task[];
  nextCursor: string | null;
  phase: "loading" | "ready" | "error";
  loadError: unknown;
  loadingMore: boolean;
  ops: PendingOp[];
}

interface Settlement {
  /** The server's copy of a created or changed task. */
  upsert?: Task;
  removeId?: string;
  removeCompleted?: boolean;
}

type Action =
  | { type: "load" }
  | { type: "loaded"; page: TaskPage; append: boolean }
  | { type: "load-failed"; error: unknown }
  | { type: "more" }
  | { type: "more-done" }
  | { type: "begin"; op: PendingOp }
  | { type: "settle"; opId: number; result?: Settlement };

const initialState: State = {
  items: [],
  nextCursor: null,
  phase: "loading",
  loadError: null,
  loadingMore: false,
  ops: [],
};

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "load":
      // The previous view's tasks stay on screen, filtered by the new view, until the answer arrives.
      return { ...state, phase: "loading", loadError: null };
    case "loaded": {
      const incoming = action.page.items;
      const items = action.append
        ? [...state.items, ...incoming.filter((task) => !state.items.some((known) => known.id === task.id))]
        : incoming;
      return { ...state, items, nextCursor: action.page.nextCursor, phase: "ready", loadingMore: false };
    }
    case "load-failed":
      return { ...state, phase: "error", loadError: action.error, loadingMore: false };
    case "more":
      return { ...state, loadingMore: true };
    case "more-done":
      return { ...state, loadingMore: false };
    case "begin":
      return { ...state, ops: [...state.ops, action.op] };
    case "settle": {
      const ops = state.ops.filter((op) => op.opId !== action.opId);
      const result = action.result;
      if (!result) return { ...state, ops };
      let items = state.items;
      if (result.upsert) {
        const task = result.upsert;
        items = items.some((known) => known.id === task.id)
          ? items.map((known) => (known.id === task.id ? task : known))
          : [task, ...items];
      }
      if (result.removeId) items = items.filter((task) => task.id !== result.removeId);
      if (result.removeCompleted) items = items.filter((task) => !task.completed);
      return { ...state, ops, items };
    }
  }
}

let lastOpId = 0;

/**
 * `view` decides what is loaded; `shownView` (by default the same) filters
 * what is on screen, so search can narrow the list while the user types and
 * load only once they pause.
 */
export function useTaskList(view: TaskView, callbacks: TaskListCallbacks, shownView: TaskView = view) {
  const [state, dispatch] = useReducer(reducer, initialState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const callbacksRef = useRef(callbacks);
  callbacksRef.current = callbacks;
  const queues = useRef(new Map<string, Promise<void>>());
  const pendingDeletes = useRef(
    new Map<number, { timer: ReturnType<typeof setTimeout>; send: () => void }>(),
  );
  const loadGeneration = useRef(0);
  /**
   * The latest version the server reported for each task, updated the moment
   * an answer arrives: the next queued change for that task starts before
   * React re-renders, and must send this version in If-Match, not the one on screen.
   */
  const versions = useRef(new Map<string, number>());
  const settle = useCallback((opId: number, result?: Settlement) => {
    if (result?.upsert) versions.current.set(result.upsert.id, result.upsert.version);
    dispatch({ type: "settle", opId, result });
  }, []);
  const loaded = useCallback((page: TaskPage, append: boolean) => {
    for (const task of page.items) versions.current.set(task.id, task.version);
    dispatch({ type: "loaded", page, append });
  }, []);

  const problem = useCallback(
    (error: unknown, message: string, options?: ProblemOptions) =>
      callbacksRef.current.onProblem(error, message, options),
    [],
  );

  /** Runs `job` after every earlier job for the same task has finished. */
  const enqueue = useCallback((taskId: string, job: () => Promise<void>) => {
    const tail = (queues.current.get(taskId) ?? Promise.resolve()).then(job).catch(() => {});
    queues.current.set(taskId, tail);
    void tail.then(() => {
      if (queues.current.get(taskId) === tail) queues.current.delete(taskId);
    });
  }, []);

  // --- loading ------------------------------------------------------------

  const viewKey = viewToApiQuery(view, { limit: tasksApi.PAGE_SIZE });
  const viewRef = useRef(view);
  viewRef.current = view;

  const load = useCallback(() => {
    const generation = ++loadGeneration.current;
    const controller = new AbortController();
    dispatch({ type: "load" });
    tasksApi.listTasks(viewRef.current, null, controller.signal).then(
      (page) => {
        if (generation === loadGeneration.current) loaded(page, false);
      },
      (error: unknown) => {
        if (generation !== loadGeneration.current || controller.signal.aborted) return;
        dispatch({ type: "load-failed", error });
        if (error instanceof ApiError && error.sessionExpired)
          problem(error, "Your tasks could not be loaded.");
      },
    );
    return () => controller.abort();
  }, [problem, loaded]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: viewKey is the view, as the API sees it
  useEffect(() => load(), [viewKey, load]);

  const loadMore = useCallback(() => {
    const { nextCursor, loadingMore, phase } = stateRef.current;
    if (!nextCursor || loadingMore || phase !== "ready") return;
    const generation = loadGeneration.current;
    dispatch({ type: "more" });
    tasksApi.listTasks(viewRef.current, nextCursor).then(
      (page) => {
        if (generation === loadGeneration.current) loaded(page, true);
      },
      (error: unknown) => {
        if (generation !== loadGeneration.current) return;
        dispatch({ type: "more-done" });
        problem(error, "More tasks could not be loaded.", { retry: () => loadMoreRef.current() });
      },
    );
  }, [problem, loaded]);
  const loadMoreRef = useRef(loadMore);
  loadMoreRef.current = loadMore;

  // --- changes --------------------------------------------------------------

  const addWithKey = useCallback(
    (title: string, idempotencyKey: string) => {
      const op: PendingOp = {
        kind: "create",
        opId: ++lastOpId,
        task: draftTask(title, idempotencyKey, new Date().toISOString()),
        idempotencyKey,
      };
      dispatch({ type: "begin", op });
      tasksApi.createTask({ title: title.trim() }, idempotencyKey).then(
        (task) => settle(op.opId, { upsert: task }),
        (error: unknown) => {
          settle(op.opId);
          // The same key on retry: if the first attempt did reach the server, it is not created twice.
          problem(error, `Could not add “${title.trim()}”.`, {
            retry: () => addWithKey(title, idempotencyKey),
            unsentTitle: title,
          });
        },
      );
    },
    [problem, settle],
  );

  const add = useCallback((title: string) => addWithKey(title, newIdempotencyKey()), [addWithKey]);

  /**
   * Changes a task. With `guarded`, the change is refused if the task was
   * changed elsewhere since it was loaded (If-Match), and the latest version
   * is shown instead: for edits of text, where last-write-wins loses work.
   */
  const update = useCallback(
    (task: Task, changes: TaskChanges, options: { guarded?: boolean } = {}) => {
      if (isPending(task)) return;
      const op: PendingOp = { kind: "update", opId: ++lastOpId, taskId: task.id, changes };
      dispatch({ type: "begin", op });
      enqueue(task.id, async () => {
        const version = versions.current.get(task.id) ?? task.version;
        try {
          const saved = await tasksApi.updateTask(task.id, changes, options.guarded ? version : undefined);
          settle(op.opId, { upsert: saved });
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) {
            settle(op.opId, { removeId: task.id });
            callbacksRef.current.onNotice(`“${task.title}” no longer exists; it was deleted elsewhere.`);
            return;
          }
          if (error instanceof ApiError && error.status === 412) {
            const latest = await tasksApi.getTask(task.id).catch(() => undefined);
            settle(op.opId, latest ? { upsert: latest } : undefined);
            problem(error, `“${task.title}” was changed elsewhere, so your edit was not saved.`, {
              retry: latest ? () => updateRef.current(latest, changes, options) : undefined,
            });
            return;
          }
          settle(op.opId);
          problem(error, `Could not save “${task.title}”.`, {
            retry: () => updateRef.current(task, changes, options),
          });
        }
      });
    },
    [enqueue, problem, settle],
  );
  const updateRef = useRef(update);
  updateRef.current = update;

  /** Hides the task now and deletes it when the Undo window closes; returns the handle for `undoRemove`. */
  const remove = useCallback(
    (task: Task): number | undefined => {
      if (isPending(task)) return undefined;
      const op: PendingOp = { kind: "delete", opId: ++lastOpId, taskId: task.id };
      dispatch({ type: "begin", op });
      const send = (keepalive = false) => {
        const entry = pendingDeletes.current.get(op.opId);
        if (!entry) return;
        clearTimeout(entry.timer);
        pendingDeletes.current.delete(op.opId);
        enqueue(task.id, async () => {
          try {
            await tasksApi.deleteTask(task.id, { keepalive });
            settle(op.opId, { removeId: task.id });
          } catch (error) {
            // Already gone is what the user asked for.
            if (error instanceof ApiError && error.status === 404) {
              settle(op.opId, { removeId: task.id });
              return;
            }
            settle(op.opId);
            problem(error, `Could not delete “${task.title}”.`, { retry: () => removeRef.current(task) });
          }
        });
      };
      pendingDeletes.current.set(op.opId, {
        timer: setTimeout(() => send(), UNDO_MS),
        send: () => send(true),
      });
      return op.opId;
    },
    [enqueue, problem, settle],
  );
  const removeRef = useRef(remove);
  removeRef.current = remove;

  /** Brings a deleted task back; false if its delete has already been sent. */
  const undoRemove = useCallback(
    (handle: number): boolean => {
      const entry = pendingDeletes.current.get(handle);
      if (!entry) return false;
      clearTimeout(entry.timer);
      pendingDeletes.current.delete(handle);
      settle(handle);
      return true;
    },
    [settle],
  );

  // Leaving the page (or this list) ends the Undo windows: send those deletes now.
  useEffect(() => {
    const deletes = pendingDeletes.current;
    const flush = () => {
      for (const entry of [...deletes.values()]) entry.send();
    };
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, []);

  const clearCompleted = useCallback(() => {
    const op: PendingOp = { kind: "clear-completed", opId: ++lastOpId };
    dispatch({ type: "begin", op });
    // After the changes already on their way: a task ticked a moment ago is cleared too.
    Promise.all(queues.current.values())
      .then(() => tasksApi.clearCompleted())
      .then(
        ({ deleted }) => {
          settle(op.opId, { removeCompleted: true });
          callbacksRef.current.onNotice(
            deleted === 1 ? "Cleared 1 completed task." : `Cleared ${deleted} completed tasks.`,
          );
        },
        (error: unknown) => {
          settle(op.opId);
          problem(error, "Could not clear the completed tasks.", {
            retry: () => clearCompletedRef.current(),
          });
        },
      );
  }, [problem, settle]);
  const clearCompletedRef = useRef(clearCompleted);
  clearCompletedRef.current = clearCompleted;

  // --- what is shown ------------------------------------------------------

  const tasks = useMemo(() => {
    const current = applyOps(state.items, state.ops, new Date().toISOString());
    return current.filter((task) => matchesView(task, shownView)).sort(compareTasks(shownView.sort));
  }, [state.items, state.ops, shownView]);

  return {
    tasks,
    phase: state.phase,
    loadError: state.loadError,
    hasMore: state.nextCursor !== null,
    loadingMore: state.loadingMore,
    reload: load,
    loadMore,
    add,
    update,
    remove,
    undoRemove,
    clearCompleted,
  };
}
