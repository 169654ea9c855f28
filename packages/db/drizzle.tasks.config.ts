import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/schema/tasks.ts", "./src/schema/rate-limits.ts"],
  out: "./migrations/tasks",
});
