"use client";

import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { Task } from "@/lib/task-types";
import styles from "./task-editor.module.css";

interface MoveDialogProps {
  task: Task;
  /** The earliest day offered (today). */
  min?: string | undefined;
  onMove: (task: Task, date: string) => void;
  onClose: () => void;
}

/**
 * "Move to another day": the keyboard's way of doing what dragging a row
 * onto a day does in Upcoming. A modal dialog (the browser's own, for focus
 * trapping and Escape) with one date field; a timed task keeps its time.
 */
export function MoveDialog({ task, min, onMove, onClose }: MoveDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [date, setDate] = useState(task.dueDate ?? min ?? "");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setError("Choose a day.");
      return;
    }
    if (date !== task.dueDate) onMove(task, date);
    dialogRef.current?.close();
  }

  return (
    <dialog
      ref={dialogRef}
      className={`dialog-panel ${styles.editor}`}
      aria-labelledby={`${id}-heading`}
      onClose={onClose}
    >
      <form className="form" onSubmit={submit} noValidate>
        <h2 id={`${id}-heading`}>Move “{task.title}”</h2>
        <div className="field">
          <label htmlFor={`${id}-date`}>New day</label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            min={min}
            onChange={(event) => {
              setDate(event.target.value);
              setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="actions">
          <button className="button button-primary" type="submit">
            Move
          </button>
          <button className="button" type="button" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
