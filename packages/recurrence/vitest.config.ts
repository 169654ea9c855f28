import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "recurrence", include: ["src/**/*.test.ts"] },
});
