import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tests/e2e", "tests/browser"],
    // Most test files spend their time waiting on processes they start
    // (servers, Chromium, PostgreSQL): two files at a time keep a 2-core
    // machine busy, where Vitest's default (cores − 1) runs one. Measured on
    // 2 cores: 585 s with one, 344 s with two, the CPU then ~94 % busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
