// The only module that touches `task_completions`: owner first, like the rest.
import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Database } from "./client";
import { type TaskCompletionRow, taskCompletions } from "./schema/task-completions";

export type { TaskCompletionRow };

export function createTaskCompletionStore(db: Database) {
  return {
    async recordCompletionForOwner(
      ownerId: string,
      completion: { taskId: string; dueDate: string | null; version: number },
    ): Promise<void> {
      await db.insert(taskCompletions).values({ ownerId, ...completion });
    },

    /** Oldest first: the history as it happened. */
    async listCompletionsForOwner(ownerId: string, taskId: string): Promise<TaskCompletionRow[]> {
      return db
        .select()
        .from(taskCompletions)
        .where(and(eq(taskCompletions.ownerId, ownerId), eq(taskCompletions.taskId, taskId)))
        .orderBy(asc(taskCompletions.completedAt), asc(taskCompletions.version));
    },

    /** Whether a completion made the task newer than `version`: a concurrent one got there first. */
    async completedSinceForOwner(ownerId: string, taskId: string, version: number): Promise<boolean> {
      const rows = await db
        .select({ id: taskCompletions.id })
        .from(taskCompletions)
        .where(
          and(
            eq(taskCompletions.ownerId, ownerId),
            eq(taskCompletions.taskId, taskId),
            gt(taskCompletions.version, version),
          ),
        )
        .limit(1);
      return rows.length > 0;
    },

    async deleteCompletionsForOwner(ownerId: string): Promise<void> {
      await db.delete(taskCompletions).where(eq(taskCompletions.ownerId, ownerId));
    },

    /** The completions of these tasks (a page of an export), oldest first. */
    async listCompletionsOfTasksForOwner(
      ownerId: string,
      taskIds: readonly string[],
    ): Promise<TaskCompletionRow[]> {
      if (taskIds.length === 0) return [];
      return db
        .select()
        .from(taskCompletions)
        .where(and(eq(taskCompletions.ownerId, ownerId), inArray(taskCompletions.taskId, [...taskIds])))
        .orderBy(asc(taskCompletions.completedAt), asc(taskCompletions.version));
    },

    /** An import's history: completions of the owner's tasks, as they were recorded. */
    async insertImportedCompletionsForOwner(
      ownerId: string,
      rows: readonly { taskId: string; dueDate: string | null; completedAt: Date; version: number }[],
    ): Promise<void> {
      for (let start = 0; start < rows.length; start += 2000)
        await db
          .insert(taskCompletions)
          .values(rows.slice(start, start + 2000).map((row) => ({ ownerId, ...row })));
    },
  };
}

export type TaskCompletionStore = ReturnType<typeof createTaskCompletionStore>;
