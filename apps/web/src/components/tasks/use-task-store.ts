"use client";

// The thin React side of lib/task-store.ts: one store per mounted list, read
// with useSyncExternalStore, loading whatever `view` the page names (null
// while the page does not know it yet, e.g. before the Inbox's id is known),
// and the loaded tasks narrowed and ordered for `shownView` (search narrows at
// once while the user types; the server is asked after a pause).
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { TaskConflict } from "@/lib/conflicts";
import { createTaskStore, type Problem, type RemoteChange, type TaskApi } from "@/lib/task-store";
import { compareForView, matchesView, type TaskView, viewToApiQuery } from "@/lib/task-view";
import * as tasksApi from "@/lib/tasks-api";

export interface TaskStoreHandlers {
  onProblem: (problem: Problem) => void;
  onNotice: (message: string) => void;
  /** A write reached the server: counts elsewhere (the sidebar's) may have changed. */
  onWritten?: (() => void) | undefined;
  /** The user's time zone. */
  timeZone: string;
  /** Writes go through it (the planner's offline outbox) when given; read once. */
  api?: TaskApi | undefined;
  onConflict?: ((conflict: TaskConflict) => void) | undefined;
  /** Feeds the store the tasks changed elsewhere (the planner's live stream); read once. */
  subscribeRemote?: ((listener: RemoteListener) => () => void) | undefined;
}

/** What the live stream tells a store: a change, or that everything must be read again. */
export type RemoteListener = (change: RemoteChange | { type: "reset" }) => void;

export function useTaskStore(view: TaskView | null, shownView: TaskView, handlers: TaskStoreHandlers) {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const [store] = useState(() => {
    const written = <T>(result: Promise<T>): Promise<T> =>
      result.then((value) => {
        handlersRef.current.onWritten?.();
        return value;
      });
    const base: TaskApi = handlers.api ?? tasksApi;
    const api: TaskApi = {
      ...base,
      createTask: (...args) => written(base.createTask(...args)),
      updateTask: (...args) => written(base.updateTask(...args)),
      deleteTask: (...args) => written(base.deleteTask(...args)),
      clearCompleted: () => written(base.clearCompleted()),
    };
    return createTaskStore({
      api,
      ordered: handlers.api !== undefined,
      onProblem: (problem) => handlersRef.current.onProblem(problem),
      onNotice: (message) => handlersRef.current.onNotice(message),
      onConflict: (conflict) => handlersRef.current.onConflict?.(conflict),
      timeZone: () => handlersRef.current.timeZone,
    });
  });
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);

  const viewKey = view && viewToApiQuery(view, { limit: tasksApi.PAGE_SIZE });
  // biome-ignore lint/correctness/useExhaustiveDependencies: viewKey is the view, as the API sees it
  useEffect(() => {
    if (view) store.setView(view);
  }, [store, viewKey]);

  // Changes made elsewhere (other tabs, devices, agents) show as they happen;
  // `reset` (the stream lost track) reloads the view quietly, keeping what is on screen until the answer.
  const subscribeRemote = useRef(handlers.subscribeRemote).current;
  useEffect(() => {
    if (!subscribeRemote) return;
    return subscribeRemote((change) => {
      if (change.type === "reset") store.refresh();
      else store.applyRemote(change);
    });
  }, [store, subscribeRemote]);

  // Leaving the page (or this list) ends the Undo window: its delete is sent now.
  useEffect(() => {
    const flush = () => store.commitUndo({ keepalive: true });
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      store.stop();
    };
  }, [store]);

  const tasks = useMemo(
    () => state.tasks.filter((task) => matchesView(task, shownView)).sort(compareForView(shownView)),
    [state.tasks, shownView],
  );
  return { store, state, tasks };
}
