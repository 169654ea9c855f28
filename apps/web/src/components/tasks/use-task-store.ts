"use client";

// The thin React side of lib/task-store.ts: one store per mounted list, read
// with useSyncExternalStore, loading whatever `view` the URL names, and the
// loaded tasks narrowed and ordered for `shownView` (search narrows at once
// while the user types; the server is asked after a pause).
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { createTaskStore, type Problem } from "@/lib/task-store";
import { compareTasks, matchesView, type TaskView, viewToApiQuery } from "@/lib/task-view";
import * as tasksApi from "@/lib/tasks-api";

export interface TaskStoreHandlers {
  onProblem: (problem: Problem) => void;
  onNotice: (message: string) => void;
}

export function useTaskStore(view: TaskView, shownView: TaskView, handlers: TaskStoreHandlers) {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });
  const [store] = useState(() =>
    createTaskStore({
      api: tasksApi,
      onProblem: (problem) => handlersRef.current.onProblem(problem),
      onNotice: (message) => handlersRef.current.onNotice(message),
    }),
  );
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);

  const viewKey = viewToApiQuery(view, { limit: tasksApi.PAGE_SIZE });
  // biome-ignore lint/correctness/useExhaustiveDependencies: viewKey is the view, as the API sees it
  useEffect(() => store.setView(view), [store, viewKey]);

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
    () => state.tasks.filter((task) => matchesView(task, shownView)).sort(compareTasks(shownView.sort)),
    [state.tasks, shownView],
  );
  return { store, state, tasks };
}
