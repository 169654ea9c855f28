"use client";

import { TITLE_MAX } from "@todo/contract/limits";
import { type KeyboardEvent, memo, useEffect, useRef, useState } from "react";
import { isPending } from "@/lib/task-ops";
import type { Task } from "@/lib/task-types";
import { PRIORITY_LABELS } from "@/lib/task-view";
import { browserTimeZone, dueLabel, isPastDue, todayIn } from "@/lib/zoned-dates";
import { useOptionalPlanner } from "../planner/planner-context";
import { CalendarIcon, ClockIcon, EditIcon, RepeatIcon, TrashIcon } from "./icons";
import styles from "./task-item.module.css";

/** Described by every task title: how to edit it. */
export const EDIT_HINT_ID = "task-edit-hint";

// Besides the module's classes, each row carries plain class names — task,
// task-done, task-pending, task-title, chip — as stable hooks for focus
// lookups and the browser tests.

/** Moves keyboard focus to a task's title, once the row is on screen; false if it is not. */
export function focusTaskTitle(taskId: string): boolean {
  const title = document.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(taskId)}"] .task-title`);
  title?.focus();
  return title !== null;
}

const PRIORITY_CLASSES = { high: styles.high, medium: styles.medium, low: styles.low, none: "" };

export interface TaskItemProps {
  task: Task;
  /** Updated every minute, so "overdue" changes without a reload. */
  now: number;
  onToggle: (task: Task) => void;
  onRename: (task: Task, title: string) => void;
  onOpenDetails: (task: Task, opener: HTMLElement) => void;
  onDelete: (task: Task) => void;
  /** The title's inline edit started (true) or ended (false). */
  onEditing?: ((task: Task, active: boolean) => void) | undefined;
  onTag: (tag: string) => void;
  /** Offers "Move to another day" (a button, and dragging the row onto a day). */
  onMove?: ((task: Task, opener: HTMLElement) => void) | undefined;
  /** The task's list, named on rows of views that mix lists (Today, Upcoming). */
  listName?: string | undefined;
}

/** The drag payload's type: a task's id, dropped on a day of Upcoming. */
export const TASK_DRAG_TYPE = "application/x-todo-task";

export const TaskItem = memo(function TaskItem({
  task,
  now,
  onToggle,
  onRename,
  onOpenDetails,
  onDelete,
  onEditing,
  onTag,
  onMove,
  listName,
}: TaskItemProps) {
  const planner = useOptionalPlanner();
  const zone = planner?.timeZone ?? browserTimeZone();
  const today = planner?.today ?? todayIn(zone);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(task.title);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const titleRef = useRef<HTMLButtonElement>(null);
  /** Set when editing ends from the keyboard: focus goes back to the title then, not on a blur. */
  const refocus = useRef(false);
  /** True from the start of an edit until it is saved or cancelled: Enter, Escape and blur may all end it. */
  const active = useRef(false);
  const pending = isPending(task);
  const overdue = isPastDue(task, today, now);
  const due = dueLabel(task, today, zone);
  const errorId = `edit-error-${task.id}`;

  // Tells the list while the title is being edited, so changes from elsewhere wait (and on unmount, too).
  const editingTask = useRef(task);
  editingTask.current = task;
  useEffect(() => {
    if (!editing || !onEditing) return;
    const held = editingTask.current;
    onEditing(held, true);
    return () => onEditing(held, false);
  }, [editing, onEditing]);

  useEffect(() => {
    if (editing) {
      inputRef.current?.focus();
      inputRef.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      titleRef.current?.focus();
    }
  }, [editing]);

  function startEditing() {
    if (pending) return;
    active.current = true;
    setDraft(task.title);
    setError(null);
    setEditing(true);
  }

  function finishEditing() {
    if (!active.current) return;
    const title = draft.trim();
    if (!title) {
      setError("A task needs a title. Type one, or press Escape to keep the old one.");
      return;
    }
    active.current = false;
    setEditing(false);
    setError(null);
    if (title !== task.title) onRename(task, title);
  }

  function onEditKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      refocus.current = true;
      finishEditing();
      if (!draft.trim()) refocus.current = false;
    } else if (event.key === "Escape") {
      event.preventDefault();
      active.current = false;
      refocus.current = true;
      setEditing(false);
      setError(null);
    }
  }

  const classes = ["task", styles.task];
  if (task.completed) classes.push("task-done", styles.done);
  if (pending) classes.push("task-pending");

  return (
    <li
      className={classes.join(" ")}
      data-task-id={task.id}
      draggable={onMove && !pending && !editing ? true : undefined}
      onDragStart={(event) => {
        event.dataTransfer.setData(TASK_DRAG_TYPE, task.id);
        event.dataTransfer.effectAllowed = "move";
      }}
    >
      <input
        type="checkbox"
        className={styles.check}
        checked={task.completed}
        onChange={() => onToggle(task)}
        disabled={pending}
        aria-label={task.title}
      />
      <div className={styles.body}>
        {editing ? (
          <>
            <input
              ref={inputRef}
              className={styles.edit}
              value={draft}
              maxLength={TITLE_MAX}
              onChange={(event) => {
                setDraft(event.target.value);
                if (error && event.target.value.trim()) setError(null);
              }}
              onKeyDown={onEditKey}
              onBlur={finishEditing}
              aria-label="Task title"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
            {error && (
              <p id={errorId} className="field-error" role="alert">
                {error}
              </p>
            )}
          </>
        ) : (
          <button
            ref={titleRef}
            type="button"
            className={`task-title ${styles.title}`}
            // Enter, Space and assistive technology click with detail 0; a mouse edits on double-click.
            onClick={(event) => {
              if (event.detail === 0) startEditing();
            }}
            onDoubleClick={startEditing}
            aria-describedby={EDIT_HINT_ID}
          >
            {task.title}
          </button>
        )}
        {(task.priority !== "none" || due || task.tags.length > 0 || pending || listName) && (
          <div className={styles.meta}>
            {pending && <span className="muted">Saving…</span>}
            {task.priority !== "none" && (
              <span className={`${styles.badge} ${PRIORITY_CLASSES[task.priority]}`}>
                <span className="visually-hidden">Priority: </span>
                {PRIORITY_LABELS[task.priority]}
              </span>
            )}
            {due && (
              <span className={overdue ? `${styles.due} ${styles.overdue}` : styles.due}>
                <ClockIcon />
                {overdue ? "Overdue, was due " : "Due "}
                <time dateTime={task.dueAt ?? task.dueDate ?? undefined}>{due}</time>
              </span>
            )}
            {task.recurrence && (
              // `recurrence`: a stable hook for the browser tests.
              <span className={`recurrence ${styles.due}`}>
                <RepeatIcon />
                <span className="visually-hidden">Repeats </span>
                {task.recurrence.text}
              </span>
            )}
            {listName && (
              <span className={`task-list-name ${styles.due}`}>
                <span className="visually-hidden">List: </span>#{listName}
              </span>
            )}
            {task.tags.length > 0 && (
              <ul className={styles.tags} aria-label="Tags">
                {task.tags.map((tag) => (
                  <li key={tag}>
                    <button
                      type="button"
                      className={`chip ${styles.chip}`}
                      onClick={() => onTag(tag)}
                      aria-label={`Show tasks tagged ${tag}`}
                    >
                      #{tag}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <div className={styles.actions}>
        {onMove && (
          <button
            type="button"
            className="icon-button"
            onClick={(event) => onMove(task, event.currentTarget)}
            disabled={pending}
            aria-label={`Move “${task.title}” to another day`}
          >
            <CalendarIcon />
          </button>
        )}
        <button
          type="button"
          className="icon-button"
          onClick={(event) => onOpenDetails(task, event.currentTarget)}
          disabled={pending}
          aria-label={`Edit details of “${task.title}”`}
        >
          <EditIcon />
        </button>
        <button
          type="button"
          className="icon-button icon-button-danger"
          onClick={() => onDelete(task)}
          disabled={pending}
          aria-label={`Delete “${task.title}”`}
        >
          <TrashIcon />
        </button>
      </div>
    </li>
  );
});
