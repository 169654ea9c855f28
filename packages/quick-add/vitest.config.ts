import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "quick-add", include: ["src/**/*.test.ts"] },
});
