"use client";

// The tasks page: the view in the URL (use-url-view), the task store
// (use-task-store over lib/task-store), keyboard shortcuts, the add form, the
// toolbar, the list, and the toasts with the one Undo offer.
import { useCallback, useMemo, useRef } from "react";
import { ApiError } from "@/lib/api-client";
import { goToSignIn, saveDraft } from "@/lib/drafts";
import type { Problem } from "@/lib/task-store";
import type { Task } from "@/lib/task-types";
import { DEFAULT_VIEW, isFiltered } from "@/lib/task-view";
import { AddTaskForm } from "./add-task-form";
import { reasonOf } from "./problem-text";
import styles from "./task-app.module.css";
import { EDIT_HINT_ID, focusTaskTitle } from "./task-item";
import { TaskListBody } from "./task-list-body";
import { TaskToolbar } from "./task-toolbar";
import { ToastRegion, useToasts } from "./toasts";
import { UndoToast } from "./undo-toast";
import { useShortcuts } from "./use-shortcuts";
import { useTaskStore } from "./use-task-store";
import { useUrlView } from "./use-url-view";

/** `userId`: the signed-in user, so that an unsent draft is only ever restored to its author. */
export function TaskApp({ userId }: { userId: string }) {
  const { view, shownView, searchText, setSearchText, changeView } = useUrlView();
  const addRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { toasts, show, dismiss } = useToasts();

  const onProblem = useCallback(
    ({ error, message, retry, unsentTitle }: Problem) => {
      if (error instanceof ApiError && error.sessionExpired) {
        // Whatever was not saved yet goes back in the add box after signing in.
        saveDraft(userId, unsentTitle || addRef.current?.value || "");
        goToSignIn("session-ended");
        return;
      }
      const action = retry && { label: "Retry", run: retry };
      show({ tone: "error", message: `${message} ${reasonOf(error)}`, action }, 10_000);
    },
    [show, userId],
  );
  const onNotice = useCallback((message: string) => show({ tone: "info", message }, 5_000), [show]);
  const { store, state, tasks } = useTaskStore(view, shownView, { onProblem, onNotice });
  const knownTags = useKnownTags(tasks);

  /** Brings the last deleted task back, focus with it; false if there was none. */
  const undoDelete = useCallback(() => {
    const task = store.undo();
    if (task) requestAnimationFrame(() => focusTaskTitle(task.id));
    return task !== null;
  }, [store]);
  useShortcuts({ addRef, searchRef, undo: undoDelete });

  const onRestored = useCallback(
    (draft: string) =>
      show(
        { tone: "info", message: `Restored what you had not saved: “${draft}”. Press Enter to add it.` },
        8_000,
      ),
    [show],
  );
  const onTag = useCallback((tag: string) => changeView({ ...shownView, tag }), [changeView, shownView]);

  return (
    // `tasks`: a stable hook for the browser tests.
    <div className={`tasks ${styles.app}`}>
      <p id={EDIT_HINT_ID} className="visually-hidden">
        Press Enter or double-click to edit the title.
      </p>
      <AddTaskForm userId={userId} inputRef={addRef} onAdd={store.add} onRestored={onRestored} />
      <TaskToolbar
        view={shownView}
        searchText={searchText}
        searchRef={searchRef}
        knownTags={knownTags}
        onSearch={setSearchText}
        onChange={changeView}
      />
      <TaskListBody
        tasks={tasks}
        state={state}
        store={store}
        status={view.status}
        filtered={isFiltered(shownView)}
        onShowAll={() => changeView({ ...DEFAULT_VIEW, sort: view.sort })}
        onTag={onTag}
        fallbackFocus={addRef}
      />
      <ToastRegion toasts={toasts} dismiss={dismiss}>
        <UndoToast offer={state.undo} onUndo={undoDelete} onClose={() => store.commitUndo()} />
      </ToastRegion>
    </div>
  );
}

/** Every tag seen in the loaded tasks this visit, for the tag filter. */
function useKnownTags(tasks: readonly Task[]): string[] {
  const seen = useRef(new Set<string>());
  return useMemo(() => {
    for (const task of tasks) for (const tag of task.tags) seen.current.add(tag);
    return [...seen.current].sort();
  }, [tasks]);
}
