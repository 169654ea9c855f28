// The only module that touches `reminder_jobs`: when each reminder of each
// task's current occurrence fires (SPEC §9).
import { and, eq, isNull, sql } from "drizzle-orm";
import { appendToChangeFeeds, type FeedEntry } from "./change-feed";
import type { Database, DbHandle } from "./client";
import { reminderJobs } from "./schema/reminder-jobs";
import type { StoredReminder } from "./schema/tasks";

/** A reminder that fired: what the event, the push message and the email say. */
export interface FiredReminder {
  ownerId: string;
  taskId: string;
  title: string;
  dueAt: string | null;
  remindAt: string;
}

/** The instants a task's reminders fire at; `before` needs a timed due, and a done task reminds no one. */
export function reminderTimes(task: {
  completed: boolean;
  dueAt: Date | null;
  reminders: readonly StoredReminder[];
}): Date[] {
  if (task.completed) return [];
  const times: Date[] = [];
  for (const reminder of task.reminders) {
    if ("at" in reminder) times.push(new Date(reminder.at));
    else if (task.dueAt) times.push(new Date(task.dueAt.getTime() - reminder.before * 60_000));
  }
  return times;
}

export function createReminderJobStore(db: Database) {
  return {
    /** The task's pending reminders become `times` (those already past are dropped: they would fire late). */
    async replaceJobsForTaskForOwner(
      ownerId: string,
      taskId: string,
      times: readonly Date[],
      now = new Date(),
    ) {
      await db
        .delete(reminderJobs)
        .where(
          and(
            eq(reminderJobs.ownerId, ownerId),
            eq(reminderJobs.taskId, taskId),
            isNull(reminderJobs.firedAt),
          ),
        );
      const ahead = times.filter((time) => time.getTime() > now.getTime());
      if (ahead.length > 0)
        await db.insert(reminderJobs).values(ahead.map((remindAt) => ({ ownerId, taskId, remindAt })));
    },
  };
}

export type ReminderJobStore = ReturnType<typeof createReminderJobStore>;

/**
 * Claims every reminder due by now (at most `limit`), marks it fired and
 * appends a `reminder` change for its owner, in one transaction. Rows another
 * process has claimed are skipped (FOR UPDATE SKIP LOCKED), so with several
 * API processes each reminder fires exactly once. The scheduler's own unit of
 * work: it spans owners, so it is not runOwnerWrite, but it writes the feed
 * the same way.
 */
export async function fireDueReminders(
  handle: Pick<DbHandle, "transaction" | "kind" | "changes">,
  limit: number,
): Promise<FiredReminder[]> {
  const fired = await handle.transaction(async (tx) => {
    const result = await tx.execute(sql`
      with due as (
        select id from reminder_jobs
        where fired_at is null and remind_at <= now()
        order by remind_at
        limit ${limit}
        for update skip locked
      )
      update reminder_jobs j set fired_at = now()
      from due, tasks t
      where j.id = due.id and t.id = j.task_id
      returning j.id, j.owner_id, j.task_id, t.title, t.due_at, j.remind_at`);
    const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows.map((row) => ({
      jobId: String(row.id),
      ownerId: String(row.owner_id),
      taskId: String(row.task_id),
      title: String(row.title),
      dueAt: row.due_at === null ? null : new Date(row.due_at as string | Date).toISOString(),
      remindAt: new Date(row.remind_at as string | Date).toISOString(),
    }));
    // Not Map.groupBy: Node 20 lacks it.
    const byOwner = new Map<string, FeedEntry[]>();
    for (const { jobId, ownerId, taskId, title, dueAt, remindAt } of rows) {
      const entries = byOwner.get(ownerId) ?? [];
      entries.push({
        entity: "reminder",
        entityId: jobId,
        op: "fire",
        payload: { taskId, title, dueAt, remindAt },
      });
      byOwner.set(ownerId, entries);
    }
    await appendToChangeFeeds(tx, handle.kind, byOwner);
    return rows;
  });
  for (const ownerId of new Set(fired.map((row) => row.ownerId))) handle.changes.published(ownerId);
  return fired.map(({ jobId: _, ...reminder }) => reminder);
}
