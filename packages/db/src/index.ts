export { createDb, type Database, type DbHandle, type MigrationSet, migrationsFolder } from "./client";
export { DataDirInUseError } from "./data-dir-lock";
export { createRateLimiter, type RateLimitDecision, type RateLimiter } from "./rate-limits";
export { authSchema } from "./schema/auth";
export { type TaskPriority, type TaskRow, taskPriorities, tasks } from "./schema/tasks";
export * from "./tasks";
