"use client";

// The planner's live side, once per tab (the planner layout mounts it): the
// event stream (lib/live-events.ts) fanned out to whichever task list is on
// screen and to the sidebar's lists; the offline outbox (lib/offline-tasks.ts)
// every task write goes through; reminders as they fire; and the conflicts a
// write met, waiting for the user to choose.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { ApiError } from "@/lib/api-client";
import { judgeConflict, type TaskConflict } from "@/lib/conflicts";
import { goToSignIn } from "@/lib/drafts";
import { createLiveConnection, type LiveStatus, type ReminderEvent } from "@/lib/live-events";
import type { OutboxEntry } from "@/lib/offline-queue";
import { createOfflineTasks, type OfflineTasks } from "@/lib/offline-tasks";
import { applyChanges } from "@/lib/task-ops";
import type { List } from "@/lib/task-types";
import * as tasksApi from "@/lib/tasks-api";
import type { RemoteListener } from "../tasks/use-task-store";

/** One outbox per tab and user, made on first use in the browser (never during server rendering). */
let shared: { userId: string; offline: OfflineTasks } | null = null;
/** Where the outbox reports what no page is waiting for: the mounted planner's handlers. */
const orphanHandlers: {
  onConflict: ((conflict: TaskConflict) => void) | null;
  onError: ((message: string) => void) | null;
} = { onConflict: null, onError: null };

function offlineTasksFor(userId: string): OfflineTasks | null {
  if (typeof window === "undefined") return null;
  if (shared?.userId === userId) return shared.offline;
  shared?.offline.stop();
  const offline = createOfflineTasks(userId, {
    onOrphanError: (entry, error) => void settleOrphan(entry, error),
    // The entries stay in IndexedDB and are sent after signing in again.
    onSessionEnded: () => goToSignIn("session-ended"),
  });
  shared = { userId, offline };
  return offline;
}

/** A change from an earlier page (or a closed tab) failed once sent: settle it as the store would. */
async function settleOrphan(entry: OutboxEntry, error: unknown): Promise<void> {
  const { write } = entry;
  const status = error instanceof ApiError ? error.status : 0;
  // Deleted elsewhere: what the change was about is gone either way.
  if (status === 404) return;
  if (status === 412 && write.kind === "update" && write.baseTask) {
    const latest = await tasksApi.getTask(write.taskId).catch(() => null);
    if (!latest) return;
    const verdict = judgeConflict(write.baseTask, latest, write.changes);
    if (verdict.kind === "applied") return;
    const keepMine = () => {
      void tasksApi.updateTask(write.taskId, write.changes, latest.version).catch(() => {
        orphanHandlers.onError?.(`Your change to “${latest.title}” could not be saved.`);
      });
    };
    if (verdict.kind === "merge") return keepMine();
    orphanHandlers.onConflict?.({
      theirs: latest,
      mine: applyChanges(latest, write.changes, new Date().toISOString()),
      changes: write.changes,
      fields: verdict.fields,
      keepMine,
      takeTheirs: () => {},
    });
    return;
  }
  const what = write.label ? `“${write.label}”` : "a task";
  orphanHandlers.onError?.(`A change to ${what} made earlier could not be saved.`);
}

function subscribeOnline(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

export interface LiveSync {
  offline: OfflineTasks | null;
  /** The task list on screen listens here. */
  subscribeTasks: (listener: RemoteListener) => () => void;
  /** Changes written down but not yet confirmed by the server. */
  waiting: number;
  /** The browser has no network, or the outbox cannot reach the server. */
  isOffline: boolean;
  liveStatus: LiveStatus;
  /** The stream found the session over: live updates have stopped. */
  sessionEnded: boolean;
  reminders: ReminderEvent[];
  dismissReminder: (reminder: ReminderEvent) => void;
  conflicts: TaskConflict[];
  addConflict: (conflict: TaskConflict) => void;
  /** The user chose: `mine` sends their change again, `theirs` drops it. */
  resolveConflict: (conflict: TaskConflict, choice: "mine" | "theirs") => void;
  /** A change from an earlier page that could not be saved. */
  notice: string | null;
  dismissNotice: () => void;
}

interface LiveSyncHandlers {
  onListChange: (change: { op: "upsert"; list: List } | { op: "delete"; id: string }) => void;
  /** A task changed: the sidebar's counts may have too. */
  onTaskChange: () => void;
  /** The stream lost track: read the lists again. */
  onReset: () => void;
}

const NO_OUTBOX = { subscribe: () => () => {}, size: 0, blocked: false };

export function useLiveSync(userId: string, handlers: LiveSyncHandlers): LiveSync {
  const [offline] = useState(() => offlineTasksFor(userId));
  const outbox = offline?.outbox ?? NO_OUTBOX;
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const listeners = useRef(new Set<RemoteListener>());
  const [liveStatus, setLiveStatus] = useState<LiveStatus>("connecting");
  const [reminders, setReminders] = useState<ReminderEvent[]>([]);
  const [conflicts, setConflicts] = useState<TaskConflict[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);

  const subscribeOutbox = useCallback((listener: () => void) => outbox.subscribe(listener), [outbox]);
  const waiting = useSyncExternalStore(
    subscribeOutbox,
    () => outbox.size,
    () => 0,
  );
  const blocked = useSyncExternalStore(
    subscribeOutbox,
    () => outbox.blocked,
    () => false,
  );
  const browserOffline = useSyncExternalStore(
    subscribeOnline,
    () => !navigator.onLine,
    () => false,
  );

  const subscribeTasks = useCallback((listener: RemoteListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const addConflict = useCallback((conflict: TaskConflict) => {
    setConflicts((current) => [...current, conflict]);
  }, []);

  useEffect(() => {
    orphanHandlers.onConflict = addConflict;
    orphanHandlers.onError = setNotice;
    return () => {
      orphanHandlers.onConflict = null;
      orphanHandlers.onError = null;
    };
  }, [addConflict]);

  useEffect(() => {
    const connection = createLiveConnection({
      onEvent: (event) => {
        switch (event.kind) {
          case "task":
            for (const listener of listeners.current)
              listener(
                event.op === "upsert"
                  ? { type: "upsert", task: event.task }
                  : { type: "delete", id: event.id },
              );
            handlersRef.current.onTaskChange();
            break;
          case "list":
            handlersRef.current.onListChange(
              event.op === "upsert" ? { op: "upsert", list: event.list } : { op: "delete", id: event.id },
            );
            break;
          case "reset":
            for (const listener of listeners.current) listener({ type: "reset" });
            handlersRef.current.onReset();
            break;
          case "reminder":
            setReminders((current) => [
              ...current.filter((item) => item.taskId !== event.reminder.taskId),
              event.reminder,
            ]);
            showSystemNotification(event.reminder);
            break;
        }
      },
      onStatus: (status) => {
        setLiveStatus(status);
        // For the browser tests: a stable sign that the stream is connected.
        document.documentElement.dataset.live = status;
      },
      // Quietly: the page says live updates stopped (status "stopped"); the
      // user's next change goes through the usual path, which keeps what they
      // typed before going to sign-in. A redirect from here could lose it.
      onSessionEnded: () => setSessionEnded(true),
    });
    connection.start();
    return () => connection.stop();
  }, []);

  const dismissReminder = useCallback((reminder: ReminderEvent) => {
    setReminders((current) => current.filter((item) => item !== reminder));
  }, []);

  const resolveConflict = useCallback((conflict: TaskConflict, choice: "mine" | "theirs") => {
    setConflicts((current) => current.filter((item) => item !== conflict));
    if (choice === "mine") conflict.keepMine();
    else conflict.takeTheirs();
  }, []);

  const dismissNotice = useCallback(() => setNotice(null), []);
  const isOffline = browserOffline || blocked;
  return useMemo(
    () => ({
      offline,
      subscribeTasks,
      waiting,
      isOffline,
      liveStatus,
      sessionEnded,
      reminders,
      dismissReminder,
      conflicts,
      addConflict,
      resolveConflict,
      notice,
      dismissNotice,
    }),
    [
      offline,
      subscribeTasks,
      waiting,
      isOffline,
      liveStatus,
      sessionEnded,
      reminders,
      dismissReminder,
      conflicts,
      addConflict,
      resolveConflict,
      notice,
      dismissNotice,
    ],
  );
}

/** With permission, a reminder also shows outside the page; the tag keeps the push of the same reminder from doubling it. */
function showSystemNotification(reminder: ReminderEvent): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const options: NotificationOptions = {
    body: reminder.dueAt ? `Due ${new Date(reminder.dueAt).toLocaleString()}` : "Reminder",
    tag: `reminder:${reminder.taskId}:${reminder.remindAt}`,
    icon: "/icons/icon-192.png",
    data: { url: "/today" },
  };
  // Through the service worker when there is one (Android shows only those), else from the page.
  const worker = navigator.serviceWorker;
  if (worker?.controller)
    void worker.ready.then((registration) => registration.showNotification(reminder.title, options));
  else {
    try {
      new Notification(reminder.title, options);
    } catch {
      // Some browsers allow notifications only from a service worker; the in-page notice stands.
    }
  }
}
