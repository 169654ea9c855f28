// The outbox (offline-queue.ts) wired to the browser: IndexedDB per user, the
// task API as its sender, the "online" event and a timer to resume it, and a
// Web Lock per tab so a tab adopts only what tabs that are gone left behind.
// `api` is the TaskApi the task store uses: reads go straight to the API,
// writes go through the outbox.
import { ApiError } from "./api-client";
import { idbStorage } from "./idb-storage";
import { memoryStorage, Outbox, type OutboxEntry } from "./offline-queue";
import { newIdempotencyKey } from "./task-ops";
import type { TaskApi } from "./task-store.types";
import type { Task } from "./task-types";
import * as tasksApi from "./tasks-api";

/** While blocked and seemingly online (a server that was down), try again this often. */
const RETRY_MS = 5_000;
const TAB_LOCK_PREFIX = "todo-tab:";

export interface OfflineTasksHandlers {
  /** A write left by an earlier page failed for good (a 412 among them). */
  onOrphanError: (entry: OutboxEntry, error: unknown) => void;
  /** The session ended while sending: sign in again; the outbox keeps its entries. */
  onSessionEnded: (error: ApiError) => void;
}

export type OfflineTasks = ReturnType<typeof createOfflineTasks>;

function send(entry: OutboxEntry): Promise<unknown> {
  const { write } = entry;
  switch (write.kind) {
    case "create":
      return tasksApi.createTask(write.input, write.idempotencyKey);
    case "update":
      // After waiting offline, every update is checked against the version it
      // was made against, so a change made elsewhere meanwhile is never
      // silently overwritten (the store then merges or asks the user).
      return tasksApi.updateTask(
        write.taskId,
        write.changes,
        write.ifMatch ?? (entry.waited ? (write.base ?? undefined) : undefined),
      );
    case "delete":
      return tasksApi.deleteTask(write.taskId);
    case "clear-completed":
      return tasksApi.clearCompleted();
  }
}

async function tabIsAlive(tab: string): Promise<boolean> {
  if (!navigator.locks?.query) return false;
  const { held = [] } = await navigator.locks.query();
  return held.some((lock) => lock.name === `${TAB_LOCK_PREFIX}${tab}`);
}

export function createOfflineTasks(userId: string, handlers: OfflineTasksHandlers) {
  const tab = newIdempotencyKey();
  // Held for as long as this tab lives: other tabs see it is alive and leave its entries alone.
  let releaseLock: (() => void) | null = null;
  const locked = navigator.locks
    ? new Promise<void>((granted) => {
        void navigator.locks
          .request(`${TAB_LOCK_PREFIX}${tab}`, () => {
            granted();
            return new Promise<void>((release) => {
              releaseLock = release;
            });
          })
          .catch(() => granted());
      })
    : Promise.resolve();
  const storage = typeof indexedDB === "undefined" ? memoryStorage() : idbStorage(userId);
  const outbox = new Outbox({
    storage,
    send,
    tab,
    isTabAlive: async (other) => {
      await locked;
      return tabIsAlive(other);
    },
    onOrphanError: handlers.onOrphanError,
    // Kept to send later: a network failure while the browser is offline, and
    // a change that already waited offline failing on the network or an ended
    // session (never dropped because the network came back shakily; sent after
    // signing in again). Otherwise a failed call is the page's to report, as
    // it always was: rolled back with a toast offering Retry (same
    // Idempotency-Key), or to sign-in keeping what was typed; a server error is
    // never retried behind the user's back.
    transient: (error, entry) =>
      error instanceof ApiError &&
      (error.status === 0 || error.sessionExpired) &&
      (!navigator.onLine || entry.waited),
    onBlocked: (error) => {
      if (error instanceof ApiError && error.sessionExpired) handlers.onSessionEnded(error);
    },
  });

  const resume = () => outbox.resume();
  const timer = setInterval(() => {
    if (!navigator.onLine) return;
    if (outbox.blocked) outbox.resume();
    // Another tab of this user closed with changes unsent: they are this tab's to send.
    else void outbox.adoptOrphans();
  }, RETRY_MS);
  window.addEventListener("online", resume);

  const api: TaskApi = {
    listTasks: tasksApi.listTasks,
    getTask: tasksApi.getTask,
    createTask: (input, idempotencyKey) =>
      outbox.submit({
        kind: "create",
        input,
        idempotencyKey,
        label: ("quickAdd" in input ? input.quickAdd : input.title) ?? "",
      }) as Promise<Task>,
    updateTask: (id, changes, version, context) =>
      outbox.submit({
        kind: "update",
        taskId: id,
        changes,
        ifMatch: version ?? null,
        base: context?.base ?? version ?? null,
        baseTask: context?.task ?? null,
        label: context?.task.title ?? "",
      }) as Promise<Task>,
    deleteTask: (id) => outbox.submit({ kind: "delete", taskId: id, label: "" }) as Promise<void>,
    clearCompleted: () =>
      outbox.submit({ kind: "clear-completed", label: "" }) as Promise<{ deleted: number }>,
  };

  return {
    outbox,
    api,
    /** Also adopts entries of other tabs that closed meanwhile. */
    resume: () => void outbox.adoptOrphans(),
    stop() {
      clearInterval(timer);
      window.removeEventListener("online", resume);
      releaseLock?.();
    },
  };
}
