"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { ApiError, apiFetch } from "@/lib/api-client";

export interface Task {
  id: string;
  title: string;
  description: string | null;
  completed: boolean;
  priority: "none" | "low" | "medium" | "high";
  dueAt: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  version: number;
}

interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

const PAGE_SIZE = 50;
const TITLE_MAX = 200;
/** What the user was typing when the session ended, restored after signing in again. */
const DRAFT_KEY = "todo:new-task-title";

type Load = { state: "loading" } | { state: "ready" } | { state: "error"; message: string };

export function TaskList() {
  const router = useRouter();
  const [tasks, setTasks] = useState<Task[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [loadingMore, setLoadingMore] = useState(false);
  const [title, setTitle] = useState("");
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const titleRef = useRef<HTMLInputElement>(null);

  /** Sends the user to sign in again, keeping the unsent title; false for other errors. */
  const handleSessionEnd = useCallback(
    (error: unknown): boolean => {
      if (!(error instanceof ApiError && error.sessionExpired)) return false;
      const draft = titleRef.current?.value.trim();
      if (draft) sessionStorage.setItem(DRAFT_KEY, draft);
      router.replace("/sign-in?next=/tasks");
      return true;
    },
    [router],
  );

  const fetchPage = useCallback(async (cursor: string | null, signal?: AbortSignal) => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set("cursor", cursor);
    return apiFetch<TaskPage>(`/api/tasks?${query}`, { signal });
  }, []);

  const loadFirstPage = useCallback(
    async (signal?: AbortSignal) => {
      setLoad({ state: "loading" });
      try {
        const page = await fetchPage(null, signal);
        setTasks(page.items);
        setNextCursor(page.nextCursor);
        setLoad({ state: "ready" });
      } catch (error) {
        if (signal?.aborted || handleSessionEnd(error)) return;
        setLoad({ state: "error", message: messageOf(error) });
      }
    },
    [fetchPage, handleSessionEnd],
  );

  useEffect(() => {
    const draft = sessionStorage.getItem(DRAFT_KEY);
    if (draft) {
      sessionStorage.removeItem(DRAFT_KEY);
      setTitle(draft);
    }
    const controller = new AbortController();
    void loadFirstPage(controller.signal);
    return () => controller.abort();
  }, [loadFirstPage]);

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    setActionError(null);
    try {
      const page = await fetchPage(nextCursor);
      setTasks((current) => {
        const known = new Set(current.map((task) => task.id));
        return [...current, ...page.items.filter((task) => !known.has(task.id))];
      });
      setNextCursor(page.nextCursor);
    } catch (error) {
      if (!handleSessionEnd(error)) setActionError(messageOf(error));
    } finally {
      setLoadingMore(false);
    }
  }

  async function addTask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) {
      setAddError("Enter a title for the task.");
      titleRef.current?.focus();
      return;
    }
    setAdding(true);
    setAddError(null);
    try {
      const created = await apiFetch<Task>("/api/tasks", { method: "POST", json: { title: trimmed } });
      setTasks((current) => [created, ...current.filter((task) => task.id !== created.id)]);
      setTitle("");
    } catch (error) {
      if (!handleSessionEnd(error)) setAddError(messageOf(error));
    } finally {
      setAdding(false);
      titleRef.current?.focus();
    }
  }

  function markBusy(id: string, on: boolean) {
    setBusy((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function toggleTask(task: Task) {
    const completed = !task.completed;
    setActionError(null);
    markBusy(task.id, true);
    // Optimistic: show the change at once, put it back if the API refuses.
    setTasks((current) => current.map((t) => (t.id === task.id ? { ...t, completed } : t)));
    try {
      const updated = await apiFetch<Task>(`/api/tasks/${encodeURIComponent(task.id)}`, {
        method: "PATCH",
        json: { completed },
      });
      setTasks((current) => current.map((t) => (t.id === task.id ? updated : t)));
    } catch (error) {
      setTasks((current) => current.map((t) => (t.id === task.id ? task : t)));
      if (!handleSessionEnd(error)) setActionError(`Could not update “${task.title}”: ${messageOf(error)}`);
    } finally {
      markBusy(task.id, false);
    }
  }

  async function deleteTask(task: Task) {
    setActionError(null);
    markBusy(task.id, true);
    const index = tasks.findIndex((t) => t.id === task.id);
    setTasks((current) => current.filter((t) => t.id !== task.id));
    try {
      await apiFetch<void>(`/api/tasks/${encodeURIComponent(task.id)}`, { method: "DELETE" });
    } catch (error) {
      // Already gone on the server is what the user asked for.
      if (!(error instanceof ApiError && error.status === 404)) {
        setTasks((current) => {
          const restored = [...current];
          restored.splice(Math.max(0, Math.min(index, restored.length)), 0, task);
          return restored;
        });
        if (!handleSessionEnd(error)) setActionError(`Could not delete “${task.title}”: ${messageOf(error)}`);
      }
    } finally {
      markBusy(task.id, false);
    }
  }

  const remaining = tasks.filter((task) => !task.completed).length;

  return (
    <section className="tasks" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading" className="visually-hidden">
        Task list
      </h2>

      <form className="add-task" onSubmit={addTask}>
        <label htmlFor="new-task-title" className="visually-hidden">
          New task
        </label>
        <input
          id="new-task-title"
          ref={titleRef}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          placeholder="What needs doing?"
          maxLength={TITLE_MAX}
          autoComplete="off"
          aria-invalid={addError ? true : undefined}
          aria-describedby={addError ? "new-task-error" : undefined}
        />
        <button className="button button-primary" type="submit" disabled={adding}>
          {adding ? "Adding…" : "Add"}
        </button>
      </form>
      {addError && (
        <p id="new-task-error" className="form-error" role="alert">
          {addError}
        </p>
      )}
      {actionError && (
        <p className="form-error" role="alert">
          {actionError}
        </p>
      )}

      {load.state === "loading" && (
        <p className="muted" role="status">
          Loading your tasks…
        </p>
      )}

      {load.state === "error" && (
        <div className="notice" role="alert">
          <p>Your tasks could not be loaded: {load.message}</p>
          <button className="button" type="button" onClick={() => void loadFirstPage()}>
            Try again
          </button>
        </div>
      )}

      {load.state === "ready" && tasks.length === 0 && (
        <p className="empty" role="status">
          No tasks yet. Add your first one above.
        </p>
      )}

      {load.state === "ready" && tasks.length > 0 && (
        <>
          <p className="muted" role="status">
            {remaining === 0 ? "All done." : `${remaining} to do`}
          </p>
          <ul className="task-list" aria-label="Tasks">
            {tasks.map((task) => {
              const checkboxId = `task-${task.id}`;
              return (
                <li key={task.id} className={task.completed ? "task task-done" : "task"}>
                  <input
                    id={checkboxId}
                    type="checkbox"
                    checked={task.completed}
                    disabled={busy.has(task.id)}
                    onChange={() => void toggleTask(task)}
                  />
                  <label htmlFor={checkboxId} className="task-title">
                    {task.title}
                  </label>
                  <button
                    className="button button-small button-danger"
                    type="button"
                    onClick={() => void deleteTask(task)}
                    disabled={busy.has(task.id)}
                    aria-label={`Delete “${task.title}”`}
                  >
                    Delete
                  </button>
                </li>
              );
            })}
          </ul>
          {nextCursor && (
            <button className="button" type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? "Loading…" : "Load more"}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.errors[0];
    if (field) return field.message;
    return error.detail ?? error.title;
  }
  return "Something went wrong. Please try again.";
}
