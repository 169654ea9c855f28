import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: [
    "./src/schema/tasks.ts",
    "./src/schema/rate-limits.ts",
    "./src/schema/idempotency-keys.ts",
    "./src/schema/deleted-accounts.ts",
  ],
  out: "./migrations/tasks",
});
