"use client";

import { DESCRIPTION_MAX, TAGS_PER_TASK_MAX as TAGS_MAX, TITLE_MAX } from "@todo/contract/limits";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { fromLocalInput, toLocalInput } from "@/lib/due-dates";
import type { Task, TaskChanges, TaskPriority } from "@/lib/task-types";
import { PRIORITY_LABELS, parseTags, TAG_MAX } from "@/lib/task-view";
import styles from "./task-editor.module.css";

interface TaskEditorProps {
  task: Task;
  onSave: (task: Task, changes: TaskChanges) => void;
  onClose: () => void;
}

type Errors = { title?: string; tags?: string };

/** The detail editor: a modal dialog (the browser's own, for focus trapping and Escape). */
export function TaskEditor({ task, onSave, onClose }: TaskEditorProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? "");
  const [priority, setPriority] = useState<TaskPriority>(task.priority);
  const [due, setDue] = useState(toLocalInput(task.dueAt));
  const [tags, setTags] = useState(task.tags.join(", "));
  const [errors, setErrors] = useState<Errors>({});

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Errors = {};
    const trimmedTitle = title.trim();
    if (!trimmedTitle) found.title = "A task needs a title.";
    const tagList = parseTags(tags);
    if (tagList.length > TAGS_MAX) found.tags = `At most ${TAGS_MAX} tags.`;
    const long = tagList.find((tag) => tag.length > TAG_MAX);
    if (long) found.tags = `“${long}” is longer than ${TAG_MAX} characters.`;
    if (found.title || found.tags) {
      setErrors(found);
      return;
    }

    const changes: TaskChanges = {};
    if (trimmedTitle !== task.title) changes.title = trimmedTitle;
    const nextDescription = description.trim() ? description : null;
    if (nextDescription !== task.description) changes.description = nextDescription;
    if (priority !== task.priority) changes.priority = priority;
    const dueAt = fromLocalInput(due);
    // Compared at the minute the input shows, so an untouched due date is not rewritten.
    if (toLocalInput(dueAt) !== toLocalInput(task.dueAt)) changes.dueAt = dueAt;
    if (tagList.join(",") !== task.tags.join(",")) changes.tags = tagList;

    if (Object.keys(changes).length > 0) onSave(task, changes);
    dialogRef.current?.close();
  }

  const titleError = errors.title ? `${id}-title-error` : undefined;
  const tagsDescribedBy = [errors.tags ? `${id}-tags-error` : "", `${id}-tags-hint`]
    .filter(Boolean)
    .join(" ");

  return (
    <dialog ref={dialogRef} className={styles.editor} aria-labelledby={`${id}-heading`} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <h2 id={`${id}-heading`}>Edit task</h2>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            maxLength={TITLE_MAX}
            required
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError}
          />
          {errors.title && (
            <p id={titleError} className="field-error" role="alert">
              {errors.title}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
            maxLength={DESCRIPTION_MAX}
            rows={4}
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select
              id={`${id}-priority`}
              value={priority}
              onChange={(event) => setPriority(event.target.value as TaskPriority)}
            >
              {(Object.keys(PRIORITY_LABELS) as TaskPriority[]).map((value) => (
                <option key={value} value={value}>
                  {PRIORITY_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-due`}>Due</label>
            <div className={styles.due}>
              <input
                id={`${id}-due`}
                type="datetime-local"
                value={due}
                onChange={(event) => setDue(event.target.value)}
              />
              {due && (
                <button type="button" className="button button-small" onClick={() => setDue("")}>
                  Clear
                </button>
              )}
            </div>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Tags</label>
          <input
            id={`${id}-tags`}
            value={tags}
            onChange={(event) => setTags(event.target.value)}
            autoComplete="off"
            aria-invalid={errors.tags ? true : undefined}
            aria-describedby={tagsDescribedBy}
          />
          <p id={`${id}-tags-hint`} className="hint">
            Separate tags with commas, e.g. “work, errands”.
          </p>
          {errors.tags && (
            <p id={`${id}-tags-error`} className="field-error" role="alert">
              {errors.tags}
            </p>
          )}
        </div>
        <div className="actions">
          <button className="button button-primary" type="submit">
            Save
          </button>
          <button className="button" type="button" onClick={() => dialogRef.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
