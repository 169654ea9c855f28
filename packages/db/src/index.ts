export { type CalendarFeedStore, createCalendarFeedStore } from "./calendar-feeds";
export {
  appendToChangeFeed,
  CHANGES_KEPT_PER_OWNER,
  type ChangeFeedReader,
  createChangeFeedReader,
  type FeedEntry,
} from "./change-feed";
export type { ChangeSignal, ChangeSignalEvent } from "./change-signal";
export { createDb, type Database, type DbHandle, type MigrationSet, migrationsFolder } from "./client";
export { DataDirInUseError } from "./data-dir-lock";
export { AccountDeleted, createDeletedAccountStore, type DeletedAccountStore } from "./deleted-accounts";
export {
  createIdempotencyKeyStore,
  type IdempotencyKeyStore,
  type IdempotencyRecord,
  type StoredResponse,
} from "./idempotency-keys";
export * from "./lists";
export { createOwnerSettingsStore, DEFAULT_TIME_ZONE, type OwnerSettingsStore } from "./owner-settings";
export { type OwnerChange, type OwnerUnit, type OwnerWriteOptions, runOwnerWrite } from "./owner-writes";
export {
  createPushSubscriptionStore,
  type PushSubscriptionKeys,
  PushSubscriptionLimitReached,
  type PushSubscriptionStore,
} from "./push-subscriptions";
export { createRateLimiter, type RateLimitDecision, type RateLimiter } from "./rate-limits";
export {
  createReminderJobStore,
  type FiredReminder,
  fireDueReminders,
  type ReminderJobStore,
  reminderTimes,
} from "./reminder-jobs";
export { authSchema } from "./schema/auth";
export { calendarFeeds } from "./schema/calendar-feeds";
export { deletedAccounts } from "./schema/deleted-accounts";
export { idempotencyKeys } from "./schema/idempotency-keys";
export { type ListColor, listColors, lists } from "./schema/lists";
export { type OwnerChangeRow, ownerChanges, ownerSequences } from "./schema/owner-changes";
export { ownerSettings } from "./schema/owner-settings";
export { type PushSubscriptionRow, pushSubscriptions } from "./schema/push-subscriptions";
export { type ReminderJobRow, reminderJobs } from "./schema/reminder-jobs";
export { taskCompletions } from "./schema/task-completions";
export {
  type StoredRecurrence,
  type StoredReminder,
  type TaskPriority,
  type TaskRow,
  taskPriorities,
  tasks,
} from "./schema/tasks";
export {
  createTaskCompletionStore,
  type TaskCompletionRow,
  type TaskCompletionStore,
} from "./task-completions";
export * from "./tasks";
