export { createDb, type Database, type DbHandle, type MigrationSet, migrationsFolder } from "./client";
export { DataDirInUseError } from "./data-dir-lock";
export { AccountDeleted, createDeletedAccountStore, type DeletedAccountStore } from "./deleted-accounts";
export {
  createIdempotencyKeyStore,
  type IdempotencyKeyStore,
  type IdempotencyRecord,
  type StoredResponse,
} from "./idempotency-keys";
export { type OwnerUnit, type OwnerWriteOptions, runOwnerWrite } from "./owner-writes";
export { createRateLimiter, type RateLimitDecision, type RateLimiter } from "./rate-limits";
export { authSchema } from "./schema/auth";
export { deletedAccounts } from "./schema/deleted-accounts";
export { idempotencyKeys } from "./schema/idempotency-keys";
export { type TaskPriority, type TaskRow, taskPriorities, tasks } from "./schema/tasks";
export * from "./tasks";
