import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/schema/tasks.ts", "./src/schema/rate-limits.ts", "./src/schema/idempotency-keys.ts"],
  out: "./migrations/tasks",
});
