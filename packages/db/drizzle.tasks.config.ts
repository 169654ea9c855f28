import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./src/schema/tasks.ts",
    "./src/schema/lists.ts",
    "./src/schema/owner-settings.ts",
    "./src/schema/task-completions.ts",
    "./src/schema/owner-changes.ts",
    "./src/schema/push-subscriptions.ts",
    "./src/schema/calendar-feeds.ts",
    "./src/schema/reminder-jobs.ts",
    "./src/schema/rate-limits.ts",
    "./src/schema/idempotency-keys.ts",
    "./src/schema/deleted-accounts.ts",
  ],
  out: "./migrations/tasks",
});
