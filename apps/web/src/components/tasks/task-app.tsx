"use client";

// A planner page's tasks: the Inbox or one list (with the URL's filters,
// use-url-view), Today (overdue first) or Upcoming (the next 14 days by day).
// The task store (use-task-store over lib/task-store), keyboard shortcuts,
// quick add, the toolbar, the list, and the toasts with the one Undo offer.
//
// Today and Upcoming place optimistic changes with the same rules as the
// server (task-view.ts `matchesScope`), so a task moved or rescheduled jumps
// to its new day at once; the server's answer then settles it.
import { useCallback, useMemo, useRef } from "react";
import { ApiError } from "@/lib/api-client";
import { goToSignIn, saveDraft } from "@/lib/drafts";
import type { Problem } from "@/lib/task-store";
import type { Task } from "@/lib/task-types";
import { DEFAULT_VIEW, isFiltered, type TaskScope, type TaskView } from "@/lib/task-view";
import { addDays, dayLabel, daysFrom, dueLabel, dueOnDay, groupByDay } from "@/lib/zoned-dates";
import { usePlanner } from "../planner/planner-context";
import { AddTaskForm } from "./add-task-form";
import { reasonOf } from "./problem-text";
import styles from "./task-app.module.css";
import { EDIT_HINT_ID, focusTaskTitle } from "./task-item";
import { TaskListBody, type TaskSection } from "./task-list-body";
import { TaskToolbar } from "./task-toolbar";
import { ToastRegion, useToasts } from "./toasts";
import { UndoToast } from "./undo-toast";
import { useShortcuts } from "./use-shortcuts";
import { useTaskStore } from "./use-task-store";
import { useUrlView } from "./use-url-view";

/** What a page shows: the Inbox, one list, Today or Upcoming. */
export type PageScope =
  | { kind: "inbox" }
  | { kind: "list"; listId: string }
  | { kind: "today" }
  | { kind: "upcoming" };

/** Upcoming shows this many days from today. */
export const UPCOMING_DAYS = 14;

/** `userId`: the signed-in user, so that an unsent draft is only ever restored to its author. */
export function TaskApp({ userId, scope: pageScope }: { userId: string; scope: PageScope }) {
  const planner = usePlanner();
  const { today, timeZone, lists, inbox } = planner;
  const url = useUrlView();
  const addRef = useRef<HTMLInputElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const { toasts, show, dismiss } = useToasts();
  const byDay = pageScope.kind === "today" || pageScope.kind === "upcoming";

  // The Inbox's id comes with the lists: nothing loads until it is known.
  const scope = useMemo<TaskScope | null>(() => {
    switch (pageScope.kind) {
      case "inbox":
        return inbox ? { kind: "list", listId: inbox.id } : null;
      case "list":
        return { kind: "list", listId: pageScope.listId };
      default:
        return { kind: pageScope.kind, today };
    }
  }, [pageScope, inbox, today]);
  const listId = scope?.kind === "list" ? scope.listId : undefined;

  // Today and Upcoming are open tasks by due: the URL's filters are for lists.
  const base = byDay ? DEFAULT_VIEW : url.view;
  const shownBase = byDay ? DEFAULT_VIEW : url.shownView;
  const view = useMemo<TaskView | null>(() => (scope ? { ...base, scope } : null), [base, scope]);
  const shownView = useMemo<TaskView>(
    () => ({ ...shownBase, scope: scope ?? undefined }),
    [shownBase, scope],
  );

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
  const { store, state, tasks } = useTaskStore(view, shownView, {
    onProblem,
    onNotice,
    onWritten: planner.refreshLists,
    timeZone,
    api: planner.live.offline?.api,
    onConflict: planner.live.addConflict,
    subscribeRemote: planner.live.subscribeTasks,
  });
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
  const { changeView } = url;
  const onTag = useCallback(
    (tag: string) => {
      // Tags filter a list's page; from Today or Upcoming they lead to the Inbox's.
      if (byDay) window.location.assign(`/tasks?tag=${encodeURIComponent(tag)}`);
      else changeView({ ...url.shownView, tag });
    },
    [byDay, changeView, url.shownView],
  );

  const moveTo = useCallback(
    (task: Task, date: string) => store.update(task, dueOnDay(task, date, timeZone)),
    [store, timeZone],
  );

  /** A recurring task was done: the toast says when it is due next, with an Undo that puts the due back. */
  const onRecurred = useCallback(
    (before: Task, saved: Task) => {
      if (saved.completed) {
        show({ tone: "info", message: `Completed “${saved.title}”: it does not repeat any more.` }, 6_000);
        return;
      }
      const next = dueLabel(saved, today, timeZone) ?? "not set";
      show(
        {
          tone: "info",
          message: `Completed “${saved.title}”. Next: ${next}`,
          action: {
            label: "Undo",
            // The completion stays on record; the due goes back to where it was.
            run: () =>
              store.update(saved, before.dueAt ? { dueAt: before.dueAt } : { dueDate: before.dueDate }),
          },
        },
        8_000,
      );
    },
    [show, store, today, timeZone],
  );

  const listNames = useMemo(() => new Map((lists ?? []).map((list) => [list.id, list.name])), [lists]);
  const listNameOf = useCallback(
    (task: Task) => {
      const name = listNames.get(task.listId);
      return name && task.listId !== inbox?.id ? name : undefined;
    },
    [listNames, inbox],
  );

  const sections = useMemo(() => {
    if (pageScope.kind === "today")
      return (items: Task[]): TaskSection[] => {
        const overdue = items.filter((task) => task.dueDate !== null && task.dueDate < today);
        return [
          {
            key: "overdue",
            heading: "Overdue",
            tasks: overdue,
            action: (
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  for (const task of overdue) moveTo(task, today);
                }}
              >
                Reschedule all to today
              </button>
            ),
          },
          {
            key: "today",
            heading: dayLabel(today, today),
            tasks: items.filter((task) => task.dueDate === today),
            empty: "Nothing else due today.",
            date: today,
          },
        ];
      };
    if (pageScope.kind === "upcoming")
      return (items: Task[]): TaskSection[] =>
        groupByDay(items, daysFrom(today, UPCOMING_DAYS)).map(({ date, tasks: onDay }) => ({
          key: date,
          heading: dayLabel(date, today),
          tasks: onDay,
          empty: "Nothing planned.",
          date,
        }));
    return undefined;
  }, [pageScope.kind, today, moveTo]);

  const listMissing = pageScope.kind === "inbox" && lists !== null && !inbox;
  const listsFailed = pageScope.kind === "inbox" && !inbox && planner.listsError !== null;

  return (
    // `tasks`: a stable hook for the browser tests.
    <div className={`tasks ${styles.app}`}>
      <p id={EDIT_HINT_ID} className="visually-hidden">
        Press Enter or double-click to edit the title.
      </p>
      <AddTaskForm
        userId={userId}
        inputRef={addRef}
        listId={listId}
        onAdd={store.add}
        onRestored={onRestored}
      />
      {!byDay && (
        <TaskToolbar
          view={url.shownView}
          searchText={url.searchText}
          searchRef={searchRef}
          knownTags={knownTags}
          onSearch={url.setSearchText}
          onChange={changeView}
        />
      )}
      {listMissing || listsFailed ? (
        <p className="form-error" role="alert">
          Your lists could not be loaded. {reasonOf(planner.listsError)}
        </p>
      ) : (
        <TaskListBody
          tasks={
            pageScope.kind === "upcoming"
              ? tasks.filter(
                  (task) => task.dueDate !== null && task.dueDate <= addDays(today, UPCOMING_DAYS - 1),
                )
              : tasks
          }
          state={state}
          store={store}
          status={byDay ? "active" : url.view.status}
          filtered={!byDay && isFiltered(url.shownView)}
          onShowAll={() => changeView({ ...DEFAULT_VIEW, sort: url.view.sort })}
          onTag={onTag}
          fallbackFocus={addRef}
          sections={sections}
          onMoveTo={pageScope.kind === "upcoming" ? moveTo : undefined}
          onRecurred={onRecurred}
          listNameOf={byDay ? listNameOf : undefined}
          minDate={today}
        />
      )}
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
