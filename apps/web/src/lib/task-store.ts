// The tasks page's client state, with no React in it: the server's tasks, the
// changes in flight on top of them (task-ops.ts), and every rule about
// ordering and staleness. React reads it through `subscribe`/`getSnapshot`
// (useSyncExternalStore, see components/tasks/use-task-store.ts); a test
// drives it with fake API functions and fake timers.
//
// - Every change shows at once; its call runs behind it, one at a time per
//   task (a queue per task), so two edits of one task never race.
// - A failed call drops just its change, which rolls the screen back.
// - The newest server copy of each task is kept (task-cache.ts), so an answer
//   or a page that arrives late never shows an older version, and If-Match
//   carries the version the user's edit was made against.
// - One Undo window at a time: a delete waits for it to close before it is sent.
// - Loads carry a generation: the answer to a superseded load is dropped.
// - `applyRemote` takes a task changed elsewhere (the live event stream).
//   While the user edits a task (`hold`), changes to it from elsewhere wait
//   until the editor closes: the row neither changes nor disappears under
//   the user's cursor. The user's save is then made against the version they
//   saw, so the server answers 412 if it moved on; a 412 is settled field by
//   field (conflicts.ts): independent changes merge by themselves, and only
//   a change to the same field asks the user to choose (`onConflict`).
// - A task created here can come back through the stream before its POST
//   answers: while creates are in flight, tasks new to the page wait for
//   them, so the stand-in and the real task never show side by side.
import { ApiError } from "./api-client";
import { judgeConflict } from "./conflicts";
import { SerialQueues, TaskCache } from "./task-cache";
import { applyChanges, applyOps, draftTask, isPending, newIdempotencyKey, type PendingOp } from "./task-ops";
import type {
  AddOptions,
  RemoteChange,
  TaskStoreOptions,
  TaskStoreState,
  UndoOffer,
  UpdateSettings,
} from "./task-store.types";
import type { Task, TaskChanges } from "./task-types";
import { matchesView, type TaskView, viewToApiQuery } from "./task-view";

/** How long a deleted task can be brought back before the delete is sent. */
export const UNDO_MS = 5_000;

export type {
  AddOptions,
  Problem,
  RemoteChange,
  TaskApi,
  TaskStoreOptions,
  TaskStoreState,
  UndoOffer,
} from "./task-store.types";

export type TaskStore = ReturnType<typeof createTaskStore>;

interface Settlement {
  upsert?: Task | undefined;
  removeId?: string;
  removeCompleted?: boolean;
}

const viewKey = (view: TaskView) => viewToApiQuery(view, { limit: 0 });
const is = (error: unknown, status: number) => error instanceof ApiError && error.status === status;

export function createTaskStore(options: TaskStoreOptions) {
  const { api, onProblem, onNotice, undoMs = UNDO_MS } = options;
  const newKey = options.newKey ?? newIdempotencyKey;
  const now = options.now ?? (() => new Date().toISOString());
  const timeZone = options.timeZone ?? (() => "UTC");

  const cache = new TaskCache();
  const queues = new SerialQueues();
  /** Runs a write: behind the task's earlier ones, unless the API keeps the order itself. */
  const run = (key: string, job: () => Promise<void>) => {
    if (options.ordered) void job();
    else queues.run(key, job);
  };
  /** Tasks being edited (a count per task) and the newest change from elsewhere waiting for each. */
  const held = new Map<string, number>();
  const deferred = new Map<string, RemoteChange>();
  /** Tasks new to the page that arrived while creates were in flight. */
  let arrivals: Task[] = [];
  let ops: PendingOp[] = [];
  let nextCursor: string | null = null;
  let phase: TaskStoreState["phase"] = "loading";
  let loadError: unknown = null;
  let loadingMore = false;
  /** The view loaded (null: none yet, or stopped). */
  let view: TaskView | null = null;
  let generation = 0;
  let controller: AbortController | null = null;
  let lastOpId = 0;
  let undo: { offer: UndoOffer; timer: ReturnType<typeof setTimeout> } | null = null;
  /** For each change in flight, the task's version it was made against (If-Match). */
  const bases = new Map<number, number>();
  const listeners = new Set<() => void>();
  let snapshot = build();

  function build(): TaskStoreState {
    return {
      tasks: applyOps(cache.items, ops, now(), timeZone()),
      phase,
      loadError,
      hasMore: nextCursor !== null,
      loadingMore,
      undo: undo?.offer ?? null,
    };
  }

  function emit() {
    snapshot = build();
    for (const listener of listeners) listener();
  }

  function begin(op: PendingOp) {
    ops = [...ops, op];
    emit();
  }

  function settle(opId: number, result: Settlement = {}) {
    ops = ops.filter((op) => op.opId !== opId);
    bases.delete(opId);
    if (result.upsert) cache.upsert(result.upsert, true);
    if (result.removeId) cache.remove(result.removeId);
    if (result.removeCompleted) cache.removeCompleted();
    if (arrivals.length > 0 && !ops.some((op) => op.kind === "create")) {
      // Each settled create has put its real task in place; what is left is new.
      const waiting = arrivals;
      arrivals = [];
      for (const task of waiting) cache.upsert(task, view !== null && matchesView(task, view));
    }
    emit();
  }

  // --- loading ------------------------------------------------------------

  function load(next: TaskView) {
    view = next;
    controller?.abort();
    const current = ++generation;
    controller = new AbortController();
    const { signal } = controller;
    phase = "loading";
    loadError = null;
    loadingMore = false;
    emit();
    api.listTasks(next, null, signal).then(
      (page) => {
        if (current !== generation) return;
        cache.replace(page.items);
        nextCursor = page.nextCursor;
        phase = "ready";
        emit();
      },
      (error: unknown) => {
        if (current !== generation || signal.aborted) return;
        phase = "error";
        loadError = error;
        emit();
        // Shown in the list; an ended session is reported too, so the page can go to sign-in.
        if (error instanceof ApiError && error.sessionExpired)
          onProblem({ error, message: "Your tasks could not be loaded." });
      },
    );
  }

  /**
   * Reads the view again without a loading state (after the live stream said
   * `reset`): what is on screen stays until the answer replaces it.
   */
  function refresh() {
    if (!view) return;
    if (phase !== "ready") return load(view);
    const current = generation;
    api.listTasks(view, null).then(
      (page) => {
        if (current !== generation) return;
        cache.replace(page.items);
        nextCursor = page.nextCursor;
        emit();
      },
      () => {
        // Quiet: the next change or reset tries again; the list on screen stays usable.
      },
    );
  }

  function loadMore() {
    if (!view || !nextCursor || loadingMore || phase !== "ready") return;
    const current = generation;
    loadingMore = true;
    emit();
    api.listTasks(view, nextCursor).then(
      (page) => {
        if (current !== generation) return;
        cache.append(page.items);
        nextCursor = page.nextCursor;
        loadingMore = false;
        emit();
      },
      (error: unknown) => {
        if (current !== generation) return;
        loadingMore = false;
        emit();
        onProblem({ error, message: "More tasks could not be loaded.", retry: loadMore });
      },
    );
  }

  // --- changes --------------------------------------------------------------

  /**
   * Adds a task: `text` is its title, or with `quickAdd` text the server
   * parses (SPEC §8). A retry passes the failed attempt's key, so it is
   * never created twice.
   */
  function add(title: string, settings: AddOptions = {}) {
    const text = title.trim();
    if (!text) return;
    const { idempotencyKey = newKey(), listId, quickAdd = false, draft = {}, onRejected } = settings;
    const op: PendingOp = {
      kind: "create",
      opId: ++lastOpId,
      task: draftTask(draft.title || text, idempotencyKey, now(), {
        ...(listId ? { listId } : {}),
        ...draft.fields,
      }),
      idempotencyKey,
    };
    begin(op);
    const input = quickAdd ? { quickAdd: text } : { title: text };
    api.createTask(listId ? { ...input, listId } : input, idempotencyKey).then(
      (task) => settle(op.opId, { upsert: task }),
      (error: unknown) => {
        settle(op.opId);
        if (onRejected?.(error)) return;
        onProblem({
          error,
          message: `Could not add “${text}”.`,
          retry: () => add(text, { ...settings, idempotencyKey }),
          unsentTitle: text,
        });
      },
    );
  }

  /**
   * Changes a task. With `guarded`, the server refuses the change if the task
   * was changed elsewhere since the version it was made against (If-Match),
   * and the latest version is shown instead: for edits of text, where
   * last-write-wins loses work.
   */
  function update(task: Task, changes: TaskChanges, settings: UpdateSettings = {}) {
    if (isPending(task)) return;
    const op: PendingOp = { kind: "update", opId: ++lastOpId, taskId: task.id, changes };
    bases.set(op.opId, cache.versionOf(task));
    begin(op);
    run(task.id, async () => {
      const before = cache.versionOf(task);
      const base = bases.get(op.opId) ?? before;
      try {
        const saved = await api.updateTask(task.id, changes, settings.guarded ? base : undefined, {
          base,
          task,
        });
        // Nobody else wrote in between: the changes queued behind this one were made against it.
        if (saved.version === before + 1)
          for (const [opId, base] of bases)
            if (base === before && opId !== op.opId) bases.set(opId, saved.version);
        settle(op.opId, { upsert: saved });
        settings.onSaved?.(saved);
      } catch (error) {
        if (is(error, 404)) {
          settle(op.opId, { removeId: task.id });
          onNotice(`“${task.title}” no longer exists; it was deleted elsewhere.`);
        } else if (is(error, 412)) {
          const latest = await api.getTask(task.id).catch(() => undefined);
          settle(op.opId, { upsert: latest });
          resolveConflict(error, task, latest, changes, settings);
        } else {
          settle(op.opId);
          onProblem({
            error,
            message: `Could not save “${task.title}”.`,
            retry: () => update(task, changes, settings),
          });
        }
      }
    });
  }

  /** After a 412: merge by itself when the fields do not clash, else let the user choose. */
  function resolveConflict(
    error: unknown,
    task: Task,
    latest: Task | undefined,
    changes: TaskChanges,
    settings: UpdateSettings,
  ) {
    const verdict = latest && judgeConflict(task, latest, changes, timeZone());
    if (!latest || !verdict) {
      onProblem({
        error,
        message: `Could not save “${task.title}”.`,
        retry: () => update(task, changes, settings),
      });
      return;
    }
    if (verdict.kind === "applied") return settings.onSaved?.(latest);
    if (verdict.kind === "merge") return update(latest, changes, settings);
    if (!options.onConflict) {
      onProblem({
        error,
        message: `“${task.title}” was changed elsewhere, so your edit was not saved.`,
        retry: () => update(latest, changes, settings),
      });
      return;
    }
    options.onConflict({
      theirs: latest,
      mine: applyChanges(latest, changes, now(), timeZone()),
      changes,
      fields: verdict.fields,
      keepMine: () => update(cache.latest(latest), changes, { ...settings, guarded: true }),
      takeTheirs: () => {},
    });
  }

  /** Hides the task now and deletes it when the Undo window closes; false if it cannot be deleted yet. */
  function remove(task: Task): boolean {
    if (isPending(task)) return false;
    // One Undo window at a time: the previous delete is sent now.
    commitUndo();
    const op: PendingOp = { kind: "delete", opId: ++lastOpId, taskId: task.id };
    undo = { offer: { id: op.opId, task }, timer: setTimeout(() => commitUndo(), undoMs) };
    begin(op);
    return true;
  }

  /** Brings the last deleted task back, if its delete has not been sent yet. */
  function undoRemove(): Task | null {
    if (!undo) return null;
    const { offer, timer } = undo;
    clearTimeout(timer);
    undo = null;
    settle(offer.id);
    return offer.task;
  }

  /** Ends the Undo window now and sends its delete (`keepalive` while the page is closing). */
  function commitUndo(settings: { keepalive?: boolean } = {}) {
    if (!undo) return;
    const { offer, timer } = undo;
    const { task } = offer;
    clearTimeout(timer);
    undo = null;
    emit();
    run(task.id, async () => {
      try {
        await api.deleteTask(task.id, { keepalive: settings.keepalive ?? false });
        settle(offer.id, { removeId: task.id });
      } catch (error) {
        // Already gone is what the user asked for.
        if (is(error, 404)) return settle(offer.id, { removeId: task.id });
        settle(offer.id);
        onProblem({ error, message: `Could not delete “${task.title}”.`, retry: () => remove(task) });
      }
    });
  }

  function clearCompleted() {
    const op: PendingOp = { kind: "clear-completed", opId: ++lastOpId };
    begin(op);
    // After the changes already on their way: a task ticked a moment ago is cleared too.
    (options.ordered ? Promise.resolve() : queues.idle())
      .then(() => api.clearCompleted())
      .then(
        ({ deleted }) => {
          settle(op.opId, { removeCompleted: true });
          onNotice(deleted === 1 ? "Cleared 1 completed task." : `Cleared ${deleted} completed tasks.`);
        },
        (error: unknown) => {
          settle(op.opId);
          onProblem({ error, message: "Could not clear the completed tasks.", retry: clearCompleted });
        },
      );
  }

  /** A change made elsewhere; ignored if it is not newer than the copy held. */
  function applyRemote(change: RemoteChange) {
    const id = change.type === "delete" ? change.id : change.task.id;
    if (held.has(id)) {
      // Kept for when the editor closes: the newest upsert, or the delete.
      const waiting = deferred.get(id);
      if (waiting?.type === "delete") return;
      if (change.type === "delete" || !waiting || waiting.task.version < change.task.version)
        deferred.set(id, change);
      return;
    }
    if (change.type === "delete") cache.remove(change.id);
    else if (!cache.has(id) && ops.some((op) => op.kind === "create")) {
      arrivals = [...arrivals.filter((task) => task.id !== id), change.task];
      return;
    } else if (!cache.upsert(change.task, view !== null && matchesView(change.task, view))) return;
    emit();
  }

  /** The user started editing the task: changes to it from elsewhere wait. */
  function hold(id: string) {
    held.set(id, (held.get(id) ?? 0) + 1);
  }

  /** The editing ended: what waited is applied now. */
  function release(id: string) {
    const count = (held.get(id) ?? 1) - 1;
    if (count > 0) {
      held.set(id, count);
      return;
    }
    held.delete(id);
    const waiting = deferred.get(id);
    deferred.delete(id);
    if (waiting) applyRemote(waiting);
  }

  return {
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: (): TaskStoreState => snapshot,
    /** Loads `next` unless it is the view already loaded (as the API sees it). */
    setView(next: TaskView) {
      if (!view || viewKey(view) !== viewKey(next)) load(next);
    },
    reload() {
      if (view) load(view);
    },
    loadMore,
    refresh,
    add,
    update,
    remove,
    undo: undoRemove,
    commitUndo,
    clearCompleted,
    applyRemote,
    hold,
    release,
    /** Leaving: the load in flight is dropped, a waiting delete is sent, and the next `setView` loads afresh. */
    stop() {
      controller?.abort();
      generation += 1;
      view = null;
      commitUndo({ keepalive: true });
    },
  };
}
