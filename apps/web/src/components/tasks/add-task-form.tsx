"use client";

// Quick add: Enter adds and the box keeps its focus. On arrival it gives back
// what the user had typed when their session ended (lib/drafts.ts), if they
// are the one who typed it.
import { TITLE_MAX } from "@todo/contract/limits";
import { type FormEvent, type RefObject, useEffect, useRef, useState } from "react";
import { takeDraft } from "@/lib/drafts";
import styles from "./add-task-form.module.css";

interface AddTaskFormProps {
  userId: string;
  inputRef: RefObject<HTMLInputElement | null>;
  onAdd: (title: string) => void;
  /** A draft was put back in the box. */
  onRestored: (draft: string) => void;
}

export function AddTaskForm({ userId, inputRef, onAdd, onRestored }: AddTaskFormProps) {
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const restored = useRef(onRestored);
  useEffect(() => {
    restored.current = onRestored;
  });

  useEffect(() => {
    const draft = takeDraft(userId);
    if (!draft) return;
    setTitle(draft);
    inputRef.current?.focus();
    restored.current(draft);
  }, [userId, inputRef]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = title.trim();
    if (!text) {
      setError("Type what needs doing first.");
      inputRef.current?.focus();
      return;
    }
    setError(null);
    onAdd(text);
    setTitle("");
    inputRef.current?.focus();
  }

  return (
    <>
      <form className={styles.form} onSubmit={submit} noValidate>
        <label htmlFor="new-task" className="visually-hidden">
          New task
        </label>
        <input
          id="new-task"
          ref={inputRef}
          className={styles.input}
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            if (error) setError(null);
          }}
          placeholder="Add a task and press Enter"
          maxLength={TITLE_MAX}
          autoComplete="off"
          enterKeyHint="done"
          aria-keyshortcuts="n"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "new-task-error" : undefined}
        />
        <button className="button button-primary" type="submit">
          Add
        </button>
      </form>
      {error && (
        <p id="new-task-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
