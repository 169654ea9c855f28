"use client";

import { usePathname } from "next/navigation";
import type { MouseEvent, RefObject } from "react";
import type { TaskPriority, TaskSort, TaskStatus } from "@/lib/task-types";
import {
  PRIORITY_LABELS,
  SEARCH_MAX,
  SORT_LABELS,
  STATUS_LABELS,
  type TaskView,
  viewToSearch,
} from "@/lib/task-view";
import styles from "./task-toolbar.module.css";

interface TaskToolbarProps {
  view: TaskView;
  /** The search box's text, ahead of the URL while the user types. */
  searchText: string;
  searchRef: RefObject<HTMLInputElement | null>;
  /** Tags seen in the loaded tasks, for the tag filter. */
  knownTags: string[];
  onSearch: (text: string) => void;
  onChange: (view: TaskView) => void;
}

export function TaskToolbar({
  view,
  searchText,
  searchRef,
  knownTags,
  onSearch,
  onChange,
}: TaskToolbarProps) {
  const tags = view.tag && !knownTags.includes(view.tag) ? [view.tag, ...knownTags] : knownTags;
  const pathname = usePathname();

  function follow(event: MouseEvent<HTMLAnchorElement>, status: TaskStatus) {
    // Real links, so they open in a new tab too; a plain click stays on the page.
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    onChange({ ...view, status });
  }

  return (
    <div className={styles.toolbar}>
      <nav className={styles.segmented} aria-label="Show">
        {(Object.keys(STATUS_LABELS) as TaskStatus[]).map((status) => (
          <a
            key={status}
            href={`${pathname}${viewToSearch({ ...view, status })}`}
            aria-current={view.status === status ? "page" : undefined}
            onClick={(event) => follow(event, status)}
          >
            {STATUS_LABELS[status]}
          </a>
        ))}
      </nav>
      <div className={styles.search}>
        <label htmlFor="task-search" className="visually-hidden">
          Search tasks
        </label>
        <input
          id="task-search"
          ref={searchRef}
          type="search"
          value={searchText}
          onChange={(event) => onSearch(event.target.value)}
          placeholder="Search tasks"
          maxLength={SEARCH_MAX}
          autoComplete="off"
          aria-keyshortcuts="/"
        />
      </div>
      <div className={styles.selects}>
        <div className={styles.select}>
          <label htmlFor="filter-priority">Priority</label>
          <select
            id="filter-priority"
            value={view.priority ?? ""}
            onChange={(event) =>
              onChange({ ...view, priority: (event.target.value || null) as TaskPriority | null })
            }
          >
            <option value="">Any</option>
            {(Object.keys(PRIORITY_LABELS) as TaskPriority[]).map((priority) => (
              <option key={priority} value={priority}>
                {PRIORITY_LABELS[priority]}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.select}>
          <label htmlFor="filter-tag">Tag</label>
          <select
            id="filter-tag"
            value={view.tag ?? ""}
            onChange={(event) => onChange({ ...view, tag: event.target.value || null })}
          >
            <option value="">Any</option>
            {tags.map((tag) => (
              <option key={tag} value={tag}>
                {tag}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.select}>
          <label htmlFor="sort">Sort</label>
          <select
            id="sort"
            value={view.sort}
            onChange={(event) => onChange({ ...view, sort: event.target.value as TaskSort })}
          >
            {(Object.keys(SORT_LABELS) as TaskSort[]).map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </div>
  );
}
