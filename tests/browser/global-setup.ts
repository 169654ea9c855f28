// Decides once, for every browser test file, whether the tests can run.
// Without Chromium (or the web build) they are skipped, with one line saying
// how to install it — except in CI, where environment.test.ts then fails.

import { existsSync } from "node:fs";
import { DEFAULT_CHROMIUM_PATH } from "@todo/testing/chromium";
import { webIsBuilt } from "@todo/testing/stack";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where Chromium is, or null when the browser tests are skipped. */
    chromiumPath: string | null;
    /** Why they are skipped, or null. */
    browserTestsMissing: string | null;
  }
}

export default function setup(project: TestProject): void {
  const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;

  let problem: string | null = null;
  if (!existsSync(chromium)) {
    problem = `Chromium not found at ${chromium}: install it (\`apt-get install -y chromium\`) or set CHROMIUM_PATH`;
  } else if (!webIsBuilt) {
    problem = "the web app is not built: run `npm run build` (npm test does it first)";
  }
  if (problem) console.warn(`[browser] Browser tests skipped: ${problem}.`);
  project.provide("chromiumPath", problem ? null : chromium);
  project.provide("browserTestsMissing", problem);
}
