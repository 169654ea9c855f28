// In CI the browser tests must run: a missing Chromium or web build fails here, once.
import { expect, inject, it } from "vitest";

const inCI = Boolean(process.env.CI) && !["0", "false"].includes(process.env.CI?.toLowerCase() ?? "");

it("has Chromium and the web build (required when CI is set)", () => {
  const missing = inject("browserTestsMissing");
  if (missing && inCI) expect.fail(`Cannot run the browser tests: ${missing}.`);
});
