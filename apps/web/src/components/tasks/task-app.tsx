"use client";

import { useSearchParams } from "next/navigation";
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError } from "@/lib/api-client";
import { goToSignIn, saveDraft, takeDraft } from "@/lib/drafts";
import type { Task, TaskChanges } from "@/lib/task-types";
import { DEFAULT_VIEW, isFiltered, type TaskView, viewFromParams, viewToSearch } from "@/lib/task-view";
import { TaskEditor } from "./task-editor";
import { EDIT_HINT_ID, TaskItem, TITLE_MAX } from "./task-item";
import { TaskSkeleton } from "./task-skeleton";
import { TaskToolbar } from "./task-toolbar";
import { ToastRegion, useToasts } from "./toasts";
import { type ProblemOptions, UNDO_MS, useTaskList } from "./use-task-list";

/** Search waits for a pause in typing before it asks the server. */
const SEARCH_DELAY_MS = 250;

export function TaskApp() {
  const params = useSearchParams();
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query string is the view
  const view = useMemo(() => viewFromParams(params), [search]);

  const [title, setTitle] = useState("");
  const [addError, setAddError] = useState<string | null>(null);
  const [searchText, setSearchText] = useState(view.q);
  const [editing, setEditing] = useState<Task | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const titleRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const editorOpener = useRef<HTMLElement | null>(null);
  const knownTags = useRef(new Set<string>());
  const { toasts, show, dismiss } = useToasts();

  const onProblem = useCallback(
    (error: unknown, message: string, options: ProblemOptions = {}) => {
      if (error instanceof ApiError && error.sessionExpired) {
        saveDraft(options.unsentTitle || titleRef.current?.value || "");
        goToSignIn("session-ended");
        return;
      }
      const action = options.retry && { label: "Retry", run: options.retry };
      show({ tone: "error", message: `${message} ${reasonOf(error)}`, action }, 10_000);
    },
    [show],
  );
  const onNotice = useCallback((message: string) => show({ tone: "info", message }, 5_000), [show]);

  // While the user types, the loaded tasks are narrowed at once; the server is asked after a pause.
  const shownView = useMemo(() => ({ ...view, q: searchText }), [view, searchText]);
  const list = useTaskList(view, { onProblem, onNotice }, shownView);
  const { tasks } = list;

  for (const task of tasks) for (const tag of task.tags) knownTags.current.add(tag);

  // --- the view in the URL ------------------------------------------------

  const navigate = useCallback((next: TaskView, mode: "push" | "replace") => {
    const url = `${window.location.pathname}${viewToSearch(next)}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);

  // Typing replaces the history entry rather than adding one per pause; Back leaves the search.
  const pushedSearch = useRef(view.q);

  /** A new view from a filter, sort or tag: its own history entry, so Back returns to this one. */
  const changeView = useCallback(
    (next: TaskView) => {
      pushedSearch.current = next.q;
      setSearchText(next.q);
      navigate(next, "push");
    },
    [navigate],
  );
  useEffect(() => {
    if (searchText === view.q) return;
    const timer = setTimeout(() => {
      pushedSearch.current = searchText;
      navigate({ ...view, q: searchText }, "replace");
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText, view, navigate]);

  // Back, Forward or a link changed the search: show it in the box.
  useEffect(() => {
    if (view.q !== pushedSearch.current) {
      pushedSearch.current = view.q;
      setSearchText(view.q);
    }
  }, [view.q]);

  // --- start-up and housekeeping ------------------------------------------

  useEffect(() => {
    const draft = takeDraft();
    if (draft) {
      setTitle(draft);
      titleRef.current?.focus();
      show(
        { tone: "info", message: `Restored what you had not saved: “${draft}”. Press Enter to add it.` },
        8_000,
      );
    }
  }, [show]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  /** The latest delete's Undo, for Ctrl+Z: reaching the toast by Tab takes many key presses. */
  const lastUndo = useRef<(() => void) | null>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.defaultPrevented || target?.closest("input, textarea, select, [contenteditable], dialog"))
        return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === "z" && lastUndo.current) {
        event.preventDefault();
        lastUndo.current();
        return;
      }
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "/") {
        event.preventDefault();
        searchRef.current?.focus();
      } else if (event.key === "n") {
        event.preventDefault();
        titleRef.current?.focus();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  // --- actions --------------------------------------------------------------

  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = title.trim();
    if (!text) {
      setAddError("Type what needs doing first.");
      titleRef.current?.focus();
      return;
    }
    setAddError(null);
    list.add(text);
    setTitle("");
    titleRef.current?.focus();
  }

  const { update, remove, undoRemove } = list;

  const onToggle = useCallback((task: Task) => update(task, { completed: !task.completed }), [update]);
  const onRename = useCallback(
    (task: Task, next: string) => update(task, { title: next }, { guarded: true }),
    [update],
  );
  const onSaveDetails = useCallback(
    (task: Task, changes: TaskChanges) => update(task, changes, { guarded: true }),
    [update],
  );

  const tasksRef = useRef(tasks);
  tasksRef.current = tasks;

  const onDelete = useCallback(
    (task: Task) => {
      // Keyboard focus moves to the next task (or the previous, or the add box), never to the page's top.
      const shown = tasksRef.current;
      const index = shown.findIndex((item) => item.id === task.id);
      const neighbour = shown[index + 1] ?? shown[index - 1];
      const handle = remove(task);
      if (handle === undefined) return;
      requestAnimationFrame(() => {
        const target =
          neighbour && document.querySelector<HTMLElement>(`[data-task-id="${neighbour.id}"] .task-title`);
        (target ?? titleRef.current)?.focus();
      });
      let toastId = 0;
      const undo = () => {
        if (lastUndo.current === undo) lastUndo.current = null;
        dismiss(toastId);
        if (!undoRemove(handle)) return;
        requestAnimationFrame(() =>
          document.querySelector<HTMLElement>(`[data-task-id="${task.id}"] .task-title`)?.focus(),
        );
      };
      lastUndo.current = undo;
      setTimeout(() => {
        if (lastUndo.current === undo) lastUndo.current = null;
      }, UNDO_MS);
      toastId = show(
        {
          tone: "info",
          message: `Deleted “${task.title}”. Ctrl+Z brings it back.`,
          action: { label: "Undo", run: undo },
        },
        UNDO_MS,
      );
    },
    [remove, undoRemove, show, dismiss],
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
      (opener?.isConnected ? opener : titleRef.current)?.focus();
    });
  }, []);

  const onTag = useCallback((tag: string) => changeView({ ...shownView, tag }), [changeView, shownView]);

  const active = tasks.filter((task) => !task.completed);
  const completedCount = tasks.length - active.length;
  const filtered = isFiltered(shownView);

  function toggleAll() {
    const target = active.length > 0;
    for (const task of tasks) if (task.completed !== target) update(task, { completed: target });
  }

  // --- infinite scroll ------------------------------------------------------

  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore, hasMore } = list;
  useEffect(() => {
    const element = sentinel.current;
    if (!element || !hasMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) loadMore();
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loadMore]);

  // --- render ---------------------------------------------------------------

  const countLabel =
    view.status === "completed"
      ? `${completedCount}${hasMore ? "+" : ""} completed`
      : `${active.length}${hasMore ? "+" : ""} ${active.length === 1 && !hasMore ? "item" : "items"} left`;

  return (
    <div className="tasks">
      <p id={EDIT_HINT_ID} className="visually-hidden">
        Press Enter or double-click to edit the title.
      </p>
      <form className="add-task" onSubmit={onAdd} noValidate>
        <label htmlFor="new-task" className="visually-hidden">
          New task
        </label>
        <input
          id="new-task"
          ref={titleRef}
          value={title}
          onChange={(event) => {
            setTitle(event.target.value);
            if (addError) setAddError(null);
          }}
          placeholder="Add a task and press Enter"
          maxLength={TITLE_MAX}
          autoComplete="off"
          enterKeyHint="done"
          aria-keyshortcuts="n"
          aria-invalid={addError ? true : undefined}
          aria-describedby={addError ? "new-task-error" : undefined}
        />
        <button className="button button-primary" type="submit">
          Add
        </button>
      </form>
      {addError && (
        <p id="new-task-error" className="field-error" role="alert">
          {addError}
        </p>
      )}

      <TaskToolbar
        view={shownView}
        searchText={searchText}
        searchRef={searchRef}
        knownTags={[...knownTags.current].sort()}
        onSearch={setSearchText}
        onChange={changeView}
      />

      {list.phase === "error" && tasks.length === 0 ? (
        <div className="notice" role="alert">
          <p>Your tasks could not be loaded. {reasonOf(list.loadError)}</p>
          <button className="button" type="button" onClick={() => list.reload()}>
            Try again
          </button>
        </div>
      ) : list.phase === "loading" && tasks.length === 0 ? (
        <TaskSkeleton />
      ) : tasks.length === 0 ? (
        <div className="empty">
          {filtered ? (
            <>
              <p>No tasks match this view.</p>
              <button
                className="button"
                type="button"
                onClick={() => changeView({ ...DEFAULT_VIEW, sort: view.sort })}
              >
                Show all tasks
              </button>
            </>
          ) : (
            <p>Nothing to do yet. Add your first task above.</p>
          )}
        </div>
      ) : (
        <>
          <div className="list-bar">
            <span className="muted list-count">{countLabel}</span>
            <button className="button button-small" type="button" onClick={toggleAll}>
              {active.length > 0 ? "Mark all done" : "Mark all not done"}
            </button>
            {completedCount > 0 && (
              <button className="button button-small" type="button" onClick={list.clearCompleted}>
                Clear completed
              </button>
            )}
          </div>
          {list.phase === "error" && (
            <p className="form-error" role="alert">
              The list could not be refreshed. {reasonOf(list.loadError)}
            </p>
          )}
          <ul
            className={list.phase === "loading" ? "task-list is-stale" : "task-list"}
            aria-label="Tasks"
            aria-busy={list.phase === "loading" || undefined}
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
            <div ref={sentinel} className="load-more">
              <button className="button" type="button" onClick={loadMore} disabled={list.loadingMore}>
                {list.loadingMore ? "Loading…" : "Load more"}
              </button>
            </div>
          )}
        </>
      )}

      {editing && <TaskEditor task={editing} onSave={onSaveDetails} onClose={onCloseDetails} />}
      <ToastRegion toasts={toasts} dismiss={dismiss} />
    </div>
  );
}

function reasonOf(error: unknown): string {
  if (error instanceof ApiError) {
    const field = error.errors[0];
    if (field) return `${field.path}: ${field.message}`;
    if (error.status === 0) return "The server could not be reached.";
    return error.detail ?? error.title;
  }
  return "Something went wrong; please try again.";
}
