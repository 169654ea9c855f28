// `npm run test:unit`: only the fast tests, in seconds — code run in the test
// process itself, with no child process, no database (not even an embedded
// one), no browser and no web build. Everything, these included, runs with
// `npm test` (vitest.config.ts). A new test file beside the code
// (src/**/*.test.ts) or in apps/web/test/ is a unit test unless it is
// excluded below.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // apps/web's `@/*` → `src/*` (as in its tsconfig.json and vitest.config.ts).
  resolve: {
    alias: [{ find: /^@\//, replacement: fileURLToPath(new URL("./apps/web/src/", import.meta.url)) }],
  },
  test: {
    name: "unit",
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "apps/web/test/**/*.test.ts"],
    exclude: [
      "**/node_modules/**",
      // The web app's production server in a child process.
      "apps/web/test/**/*.e2e.test.ts",
      // Better Auth on an embedded database (PGlite): seconds each.
      "apps/web/test/auth-config.test.ts",
      "apps/web/test/auth-guards.test.ts",
      "apps/web/test/auth-validation.test.ts",
    ],
  },
});
