// One unit of work on one owner's data: the ONE place where every write to a
// user's data runs, and so the one place for whatever each of them must also
// do (docs/decisions/0005-explicit-units-of-work.md).
//
// The nesting rule: only a service function opens a transaction, by calling
// runOwnerWrite (which goes through DbHandle.transaction, the only way to open
// one). Repositories never open a transaction and run on whatever Database
// they are given; a unit never opens another (its `tx` has no `transaction`).
import { type CalendarFeedStore, createCalendarFeedStore } from "./calendar-feeds";
import { appendToChangeFeed, deleteChangeFeedForOwner, type FeedEntry } from "./change-feed";
import type { DbHandle } from "./client";
import { createDeletedAccountStore, type DeletedAccountStore } from "./deleted-accounts";
import { createIdempotencyKeyStore, type IdempotencyKeyStore } from "./idempotency-keys";
import { createListRepository, type ListChange, type ListRepository } from "./lists";
import { beginUnit, endUnit } from "./owner-lock";
import { createOwnerSettingsStore, type OwnerSettingsStore } from "./owner-settings";
import { createPushSubscriptionStore, type PushSubscriptionStore } from "./push-subscriptions";
import { createReminderJobStore, type ReminderJobStore } from "./reminder-jobs";
import { createTaskCompletionStore, type TaskCompletionStore } from "./task-completions";
import { createTaskRepository, type TaskChange, type TaskRepository } from "./tasks";

/** The repositories of one unit of work, every one bound to its transaction. */
export interface OwnerUnit {
  tasks: TaskRepository;
  lists: ListRepository;
  completions: TaskCompletionStore;
  settings: OwnerSettingsStore;
  reminderJobs: ReminderJobStore;
  pushSubscriptions: PushSubscriptionStore;
  /** The owner's change feed, for its erasure (appending is runOwnerWrite's own). */
  changeFeed: { deleteChangesForOwner(ownerId: string): Promise<void> };
  idempotencyKeys: IdempotencyKeyStore;
  deletedAccounts: DeletedAccountStore;
  calendarFeeds: CalendarFeedStore;
}

/** Whatever a unit of work wrote: what the change feed will record. */
export type OwnerChange = TaskChange | ListChange;

export interface OwnerWriteOptions {
  /** Most tasks one owner may keep (MAX_TASKS_PER_OWNER unless given). */
  maxTasksPerOwner?: number | undefined;
}

/**
 * Runs `work` as one transaction on `ownerId`'s data: commit when it
 * resolves, rollback when it throws. Writes that need the owner's lock
 * (creates, the erasure) take it inside, in the order the work does them:
 * an idempotent create claims its key first, so a repeat of it is told 409
 * at once instead of queueing behind it.
 */
/**
 * What a unit wrote, as feed entries: one per entity, in the order of each
 * one's last change (a task created and then updated in one unit is one upsert).
 */
export function feedEntriesOf(changes: readonly OwnerChange[]): FeedEntry[] {
  const entries = new Map<string, FeedEntry>();
  for (const change of changes) {
    const entry: FeedEntry =
      "task" in change
        ? { entity: "task", entityId: change.task.id, op: "upsert" }
        : "list" in change
          ? { entity: "list", entityId: change.list.id, op: "upsert" }
          : "taskId" in change
            ? { entity: "task", entityId: change.taskId, op: "delete" }
            : { entity: "list", entityId: change.listId, op: "delete" };
    const key = `${entry.entity}:${entry.entityId}`;
    entries.delete(key);
    entries.set(key, entry);
  }
  return [...entries.values()];
}

export async function runOwnerWrite<T>(
  handle: Pick<DbHandle, "transaction" | "kind" | "changes">,
  ownerId: string,
  work: (unit: OwnerUnit) => Promise<T>,
  options: OwnerWriteOptions = {},
): Promise<T> {
  let wroteChanges = false;
  const result = await handle.transaction(async (tx) => {
    beginUnit(tx, ownerId);
    try {
      const changes: OwnerChange[] = [];
      const onChange = (change: OwnerChange) => changes.push(change);
      const result = await work({
        tasks: createTaskRepository(tx, { maxTasksPerOwner: options.maxTasksPerOwner, onChange }),
        lists: createListRepository(tx, { onChange }),
        completions: createTaskCompletionStore(tx),
        settings: createOwnerSettingsStore(tx),
        reminderJobs: createReminderJobStore(tx),
        pushSubscriptions: createPushSubscriptionStore(tx),
        changeFeed: { deleteChangesForOwner: (id) => deleteChangeFeedForOwner(tx, id) },
        idempotencyKeys: createIdempotencyKeyStore(tx),
        deletedAccounts: createDeletedAccountStore(tx),
        calendarFeeds: createCalendarFeedStore(tx),
      });
      // Here, in the same transaction, goes what every write of an owner's
      // data must also do: the change feed.
      const entries = feedEntriesOf(changes);
      await appendToChangeFeed(tx, handle.kind, ownerId, entries);
      wroteChanges = entries.length > 0;
      return result;
    } finally {
      endUnit(tx);
    }
  });
  // After commit: this process's streams may now read what was written.
  if (wroteChanges) handle.changes.published(ownerId);
  return result;
}
