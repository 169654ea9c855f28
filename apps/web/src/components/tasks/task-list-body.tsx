"use client";

// Everything under the toolbar: the loading, error and empty states, or the
// list itself with its bar, more pages as it scrolls, and the detail editor.
import {
  type DragEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from "react";
import type { TaskStore, TaskStoreState } from "@/lib/task-store";
import type { Task, TaskChanges, TaskStatus } from "@/lib/task-types";
import { ListBar } from "./list-bar";
import { MoveDialog } from "./move-dialog";
import { reasonOf } from "./problem-text";
import { TaskEditor } from "./task-editor";
import { focusTaskTitle, TASK_DRAG_TYPE, TaskItem } from "./task-item";
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
  /** Today and Upcoming: the tasks in headed sections instead of one list (no list bar then). */
  sections?: ((tasks: Task[]) => TaskSection[]) | undefined;
  /** Offers moving a task to another day (Upcoming): by a dialog, or by dropping it on a section's day. */
  onMoveTo?: ((task: Task, date: string) => void) | undefined;
  /** A recurring task was ticked: the server moved its due on (`saved`). */
  onRecurred?: ((before: Task, saved: Task) => void) | undefined;
  /** A row's list name, on pages that mix lists. */
  listNameOf?: ((task: Task) => string | undefined) | undefined;
  /** The smallest day a task may be moved to (today). */
  minDate?: string | undefined;
  /** Said when there is nothing to show. */
  emptyText?: string | undefined;
}

/** A headed group of tasks: a day of Upcoming, or Today's "Overdue". */
export interface TaskSection {
  key: string;
  heading: string;
  tasks: Task[];
  /** Beside the heading, e.g. "Reschedule all to today". */
  action?: ReactNode;
  /** Shown when the section has no tasks; without it an empty section is left out. */
  empty?: string | undefined;
  /** The day a task dropped here moves to. */
  date?: string | undefined;
}

export function TaskListBody(props: TaskListBodyProps) {
  const { tasks, state, store, status, filtered, onShowAll, onTag, fallbackFocus } = props;
  const { sections, onMoveTo, onRecurred, listNameOf, minDate, emptyText } = props;
  const [moving, setMoving] = useState<Task | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
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

  const recurred = useRef(onRecurred);
  useEffect(() => {
    recurred.current = onRecurred;
  });
  const onToggle = useCallback(
    (task: Task) => {
      if (task.recurrence && !task.completed)
        store.update(task, { completed: true }, { onSaved: (saved) => recurred.current?.(task, saved) });
      else store.update(task, { completed: !task.completed });
    },
    [store],
  );
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

  // While the user edits a task (the detail editor, or its title in the row),
  // changes to it from elsewhere wait, so nothing moves under their cursor.
  const editingId = editing?.id;
  useEffect(() => {
    if (!editingId) return;
    store.hold(editingId);
    return () => store.release(editingId);
  }, [store, editingId]);
  const onEditingTitle = useCallback(
    (task: Task, active: boolean) => (active ? store.hold(task.id) : store.release(task.id)),
    [store],
  );

  const onOpenDetails = useCallback((task: Task, opener: HTMLElement) => {
    editorOpener.current = opener;
    setEditing(task);
  }, []);

  const onOpenMove = useCallback((task: Task, opener: HTMLElement) => {
    editorOpener.current = opener;
    setMoving(task);
  }, []);

  const onCloseDetails = useCallback(() => {
    setEditing(null);
    setMoving(null);
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
  const mover = moving && onMoveTo && (
    <MoveDialog task={moving} min={minDate} onMove={onMoveTo} onClose={onCloseDetails} />
  );

  const renderItem = (task: Task) => (
    <TaskItem
      key={task.id}
      task={task}
      now={now}
      onToggle={onToggle}
      onRename={onRename}
      onOpenDetails={onOpenDetails}
      onDelete={onDelete}
      onEditing={onEditingTitle}
      onTag={onTag}
      onMove={onMoveTo ? onOpenMove : undefined}
      listName={listNameOf?.(task)}
    />
  );

  /** Dropping a dragged row on a day moves it there (the Move button does the same by keyboard). */
  const dropProps = (section: TaskSection) =>
    section.date && onMoveTo
      ? {
          onDragOver: (event: DragEvent<HTMLElement>) => {
            if (!event.dataTransfer.types.includes(TASK_DRAG_TYPE)) return;
            event.preventDefault();
            setDropTarget(section.key);
          },
          onDragLeave: () => setDropTarget((current) => (current === section.key ? null : current)),
          onDrop: (event: DragEvent<HTMLElement>) => {
            event.preventDefault();
            setDropTarget(null);
            const task = tasks.find((item) => item.id === event.dataTransfer.getData(TASK_DRAG_TYPE));
            if (task && section.date && task.dueDate !== section.date) onMoveTo(task, section.date);
          },
        }
      : {};

  let content: ReactNode;
  if (sections && phase !== "error" && (tasks.length > 0 || phase === "ready"))
    content = (
      <div className={phase === "loading" ? `${styles.sections} ${styles.stale}` : styles.sections}>
        {sections(tasks)
          .filter((section) => section.tasks.length > 0 || section.empty)
          .map((section) => (
            <section
              key={section.key}
              className={dropTarget === section.key ? `${styles.section} ${styles.dropping}` : styles.section}
              aria-labelledby={`section-${section.key}`}
              {...dropProps(section)}
            >
              <div className={styles.sectionHead}>
                <h2 id={`section-${section.key}`}>{section.heading}</h2>
                {section.action}
              </div>
              {section.tasks.length > 0 ? (
                <ul className={styles.list} aria-labelledby={`section-${section.key}`}>
                  {section.tasks.map(renderItem)}
                </ul>
              ) : (
                <p className={`muted ${styles.sectionEmpty}`}>{section.empty}</p>
              )}
            </section>
          ))}
        {hasMore && (
          <div ref={sentinel} className={styles.more}>
            <button className="button" type="button" onClick={store.loadMore} disabled={state.loadingMore}>
              {state.loadingMore ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
      </div>
    );
  else if (tasks.length > 0)
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
          {tasks.map(renderItem)}
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
          <p>{emptyText ?? "Nothing to do yet. Add your first task above."}</p>
        )}
      </div>
    );

  return (
    <>
      {content}
      {editor}
      {mover}
    </>
  );
}
