"use client";

import { useEffect, useId, useRef } from "react";
import type { TaskConflict } from "@/lib/conflicts";
import type { Task } from "@/lib/task-types";
import { PRIORITY_LABELS } from "@/lib/task-view";
import { localParts } from "@/lib/zoned-dates";
import styles from "./live-notices.module.css";

type Shown = "title" | "description" | "completed" | "priority" | "due" | "tags" | "reminders";

const LABELS: Record<Shown, string> = {
  title: "Title",
  description: "Description",
  completed: "Done",
  priority: "Priority",
  due: "Due",
  tags: "Tags",
  reminders: "Reminders",
};

function shownValue(task: Task, field: Shown, zone: string): string {
  switch (field) {
    case "title":
      return task.title;
    case "description":
      return task.description ?? "—";
    case "completed":
      return task.completed ? "Yes" : "No";
    case "priority":
      return PRIORITY_LABELS[task.priority];
    case "due": {
      if (task.dueAt) {
        const { date, time } = localParts(task.dueAt, zone);
        return `${date} ${time}`;
      }
      return task.dueDate ?? "—";
    }
    case "tags":
      return task.tags.length > 0 ? task.tags.map((tag) => `#${tag}`).join(" ") : "—";
    case "reminders":
      return task.reminders.length > 0 ? String(task.reminders.length) : "—";
  }
}

/** The fields worth showing: the title always, then those that differ. */
function shownFields(conflict: TaskConflict, zone: string): Shown[] {
  return (Object.keys(LABELS) as Shown[]).filter(
    (field) =>
      field === "title" ||
      shownValue(conflict.mine, field, zone) !== shownValue(conflict.theirs, field, zone),
  );
}

/**
 * A change of the user's met a change made elsewhere to the same fields
 * (a 412 that could not be merged): both versions side by side, and the
 * user chooses. Nothing is lost meanwhile: "Keep mine" sends the change
 * again, over the other version.
 */
export function ConflictDialog({
  conflict,
  timeZone,
  onResolve,
}: {
  conflict: TaskConflict;
  timeZone: string;
  onResolve: (conflict: TaskConflict, choice: "mine" | "theirs") => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const fields = shownFields(conflict, timeZone);

  const version = (heading: string, task: Task, testId: string) => (
    <section className={styles.version} aria-labelledby={`${id}-${testId}`} data-version={testId}>
      <h3 id={`${id}-${testId}`}>{heading}</h3>
      <dl>
        {fields.map((field) => (
          <div key={field}>
            <dt>{LABELS[field]}</dt>
            <dd>{shownValue(task, field, timeZone)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );

  return (
    <dialog
      ref={ref}
      className={`conflict-dialog dialog-panel ${styles.dialog}`}
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-text`}
      // Escape does not close it: only the user's choice decides what becomes of their change.
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={`${id}-heading`}>This task was changed elsewhere</h2>
      <p id={`${id}-text`}>
        “{conflict.theirs.title}” was changed on another device while your change was waiting. Choose which
        version to keep.
      </p>
      <div className={styles.versions}>
        {version("Your version", conflict.mine, "mine")}
        {version("The other version", conflict.theirs, "theirs")}
      </div>
      <div className="actions">
        <button className="button button-primary" type="button" onClick={() => onResolve(conflict, "mine")}>
          Keep mine
        </button>
        <button className="button" type="button" onClick={() => onResolve(conflict, "theirs")}>
          Take theirs
        </button>
      </div>
    </dialog>
  );
}
