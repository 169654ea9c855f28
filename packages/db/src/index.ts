export { createTransactionScope, type TransactionScope } from "./ambient-transaction";
export { createDb, type Database, type DbHandle, type MigrationSet, migrationsFolder } from "./client";
export { DataDirInUseError } from "./data-dir-lock";
export {
  createIdempotencyKeyStore,
  type IdempotencyKeyStore,
  type IdempotencyRecord,
  type StoredResponse,
} from "./idempotency-keys";
export { createRateLimiter, type RateLimitDecision, type RateLimiter } from "./rate-limits";
export { authSchema } from "./schema/auth";
export { idempotencyKeys } from "./schema/idempotency-keys";
export { type TaskPriority, type TaskRow, taskPriorities, tasks } from "./schema/tasks";
export * from "./tasks";
