"use client";

// Everything under the toolbar: the loading, error and empty states, or the
// list itself with its bar, more pages as it scrolls, and the detail editor.
import { type ReactNode, type RefObject, useCallback, useEffect, useRef, useState } from "react";
import type { TaskStore, TaskStoreState } from "@/lib/task-store";
import type { Task, TaskChanges, TaskStatus } from "@/lib/task-types";
import { ListBar } from "./list-bar";
import { reasonOf } from "./problem-text";
import { TaskEditor } from "./task-editor";
import { focusTaskTitle, TaskItem } from "./task-item";
import styles from "./task-list.module.css";
import { TaskSkeleton } from "./task-skeleton";

interface TaskListBodyProps {
  /** The tasks on screen, filtered and in order. */
  tasks: Task[];
  state: TaskStoreState;
  store: TaskStore;
  status: TaskStatus;
  /** The view narrows the list: an empty list is "no match", not "nothing yet". */
  filtered: boolean;
  onShowAll: () => void;
  onTag: (tag: string) => void;
  /** Where keyboard focus goes when there is no task to give it to. */
  fallbackFocus: RefObject<HTMLElement | null>;
}

export function TaskListBody(props: TaskListBodyProps) {
  const { tasks, state, store, status, filtered, onShowAll, onTag, fallbackFocus } = props;
  const [now, setNow] = useState(() => Date.now());
  const [editing, setEditing] = useState<Task | null>(null);
  const editorOpener = useRef<HTMLElement | null>(null);
  const shown = useRef(tasks);
  useEffect(() => {
    shown.current = tasks;
  });

  // "Overdue" changes without a reload.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const onToggle = useCallback((task: Task) => store.update(task, { completed: !task.completed }), [store]);
  const onRename = useCallback(
    (task: Task, title: string) => store.update(task, { title }, { guarded: true }),
    [store],
  );
  const onSaveDetails = useCallback(
    (task: Task, changes: TaskChanges) => store.update(task, changes, { guarded: true }),
    [store],
  );

  const onDelete = useCallback(
    (task: Task) => {
      // Keyboard focus moves to the next task (or the previous, or the add box), never to the page's top.
      const index = shown.current.findIndex((item) => item.id === task.id);
      const neighbour = shown.current[index + 1] ?? shown.current[index - 1];
      if (!store.remove(task)) return;
      requestAnimationFrame(() => {
        if (!neighbour || !focusTaskTitle(neighbour.id)) fallbackFocus.current?.focus();
      });
    },
    [store, fallbackFocus],
  );

  const onOpenDetails = useCallback((task: Task, opener: HTMLElement) => {
    editorOpener.current = opener;
    setEditing(task);
  }, []);

  const onCloseDetails = useCallback(() => {
    setEditing(null);
    const opener = editorOpener.current;
    requestAnimationFrame(() => {
      // The dialog already gives focus back to its opener. Step in only when
      // that left nothing focused (the opener was re-rendered away), never to
      // take focus back from where a quick keyboard user has since moved it.
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      (opener?.isConnected ? opener : fallbackFocus.current)?.focus();
    });
  }, [fallbackFocus]);

  // More pages load as the end of the list comes near.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasMore, phase } = state;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) store.loadMore();
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, store]);

  const editor = editing && <TaskEditor task={editing} onSave={onSaveDetails} onClose={onCloseDetails} />;
  let content: ReactNode;
  if (tasks.length > 0)
    content = (
      <>
        <ListBar
          tasks={tasks}
          status={status}
          hasMore={hasMore}
          onSetAll={(completed) => {
            for (const task of tasks) if (task.completed !== completed) store.update(task, { completed });
          }}
          onClearCompleted={store.clearCompleted}
        />
        {phase === "error" && (
          <p className="form-error" role="alert">
            The list could not be refreshed. {reasonOf(state.loadError)}
          </p>
        )}
        <ul
          className={phase === "loading" ? `${styles.list} ${styles.stale}` : styles.list}
          aria-label="Tasks"
          aria-busy={phase === "loading" || undefined}
        >
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              now={now}
              onToggle={onToggle}
              onRename={onRename}
              onOpenDetails={onOpenDetails}
              onDelete={onDelete}
              onTag={onTag}
            />
          ))}
        </ul>
        {hasMore && (
          <div ref={sentinel} className={styles.more}>
            <button className="button" type="button" onClick={store.loadMore} disabled={state.loadingMore}>
              {state.loadingMore ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
      </>
    );
  else if (phase === "error")
    content = (
      <div className={styles.empty} role="alert">
        <p>Your tasks could not be loaded. {reasonOf(state.loadError)}</p>
        <button className="button" type="button" onClick={store.reload}>
          Try again
        </button>
      </div>
    );
  else if (phase === "loading") content = <TaskSkeleton />;
  else
    content = (
      <div className={styles.empty}>
        {filtered ? (
          <>
            <p>No tasks match this view.</p>
            <button className="button" type="button" onClick={onShowAll}>
              Show all tasks
            </button>
          </>
        ) : (
          <p>Nothing to do yet. Add your first task above.</p>
        )}
      </div>
    );

  return (
    <>
      {content}
      {editor}
    </>
  );
}
