"use client";

import type { Task, TaskStatus } from "@/lib/task-types";
import styles from "./task-list.module.css";

interface ListBarProps {
  /** The tasks on screen. */
  tasks: readonly Task[];
  status: TaskStatus;
  /** More pages wait on the server: the counts are lower bounds. */
  hasMore: boolean;
  onSetAll: (completed: boolean) => void;
  onClearCompleted: () => void;
}

/** "N items left", mark all done (or not done), clear completed. */
export function ListBar({ tasks, status, hasMore, onSetAll, onClearCompleted }: ListBarProps) {
  const left = tasks.filter((task) => !task.completed).length;
  const completed = tasks.length - left;
  const more = hasMore ? "+" : "";
  const count =
    status === "completed"
      ? `${completed}${more} completed`
      : `${left}${more} ${left === 1 && !hasMore ? "item" : "items"} left`;
  return (
    <div className={styles.bar}>
      <span className={`muted ${styles.count}`}>{count}</span>
      <button className="button button-small" type="button" onClick={() => onSetAll(left > 0)}>
        {left > 0 ? "Mark all done" : "Mark all not done"}
      </button>
      {completed > 0 && (
        <button className="button button-small" type="button" onClick={onClearCompleted}>
          Clear completed
        </button>
      )}
    </div>
  );
}
