// `npm run bench:browser`: what a person waits for in Chromium, on the real
// stack (@todo/testing/stack: `node scripts/start.mjs` on a fresh data folder).
// Figures only, never pass or fail (these used to be browser "tests" that
// asserted nothing):
//
//  1. Click to visible change: milliseconds from the click event to the first
//     frame after the change is in the DOM, for adding and for completing a
//     task (median of 5), with the API as it is and with 400 ms added to
//     every API call — the change must not wait for the API.
//  2. First-load JavaScript of /tasks as Chromium loads it: gzip (zlib
//     default level) of every script of a first visit. `npm run bench:web`
//     computes the same from the build's manifests.
//
// Needs the web build (`npm run build`) and Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium). Writes bench/results/<time>-browser.json.
import { existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from "@todo/testing/chromium";
import { startStack } from "@todo/testing/stack";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { root } from "./lib/processes";
import { machine, writeResults } from "./lib/report";

const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;

function log(message: string) {
  process.stderr.write(`[bench:browser] ${message}\n`);
}

interface ClickTiming {
  /** From the click event to the DOM showing the change. */
  domMs: number;
  /** From the click event to the next frame after it (when the change is painted). */
  frameMs: number;
}

/**
 * Clicks `target` and measures, inside the page, how long until an element
 * matching `selector` whose text is `text` exists.
 */
async function clickAndMeasure(
  page: Page,
  target: Locator,
  selector: string,
  text: string,
): Promise<ClickTiming> {
  await page.evaluate(
    ([sel, want]) => {
      const w = window as unknown as { __timing: Promise<{ domMs: number; frameMs: number }> };
      w.__timing = new Promise((resolve) => {
        let clickAt = 0;
        document.addEventListener(
          "click",
          (event) => {
            clickAt = event.timeStamp;
          },
          { capture: true, once: true },
        );
        // No named functions in here: tsx would wrap them in a helper the page does not have.
        const observer = new MutationObserver(() => {
          const shown = [...document.querySelectorAll(sel)].some((el) => el.textContent?.includes(want));
          if (!clickAt || !shown) return;
          observer.disconnect();
          const domAt = performance.now();
          requestAnimationFrame(() => {
            resolve({ domMs: domAt - clickAt, frameMs: performance.now() - clickAt });
          });
        });
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      });
    },
    [selector, text] as const,
  );
  await target.click();
  return page.evaluate(() => (window as unknown as { __timing: Promise<ClickTiming> }).__timing);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
}

/** A new person, signed up over HTTP, on a fresh page of their own. */
async function signedInPage(browser: Browser, web: string, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const user = {
    name,
    email: `bench-${name.toLowerCase()}-${Date.now()}@example.test`,
    password: "a long benchmark passphrase",
  };
  const response = await context.request.post(`${web}/api/auth/sign-up/email`, {
    data: user,
    headers: { origin: web },
  });
  if (!response.ok()) throw new Error(`sign-up failed: ${response.status()} ${await response.text()}`);
  return context.newPage();
}

/** Opens /tasks and waits until the first page of tasks is on screen. */
async function openTasks(page: Page, web: string): Promise<void> {
  await page.goto(`${web}/tasks`);
  await page.waitForFunction(() => {
    const main = document.querySelector("main .tasks");
    return main && !main.querySelector("[aria-busy='true']");
  });
}

async function clickToVisibleChange(browser: Browser, web: string, api: string) {
  const page = await signedInPage(browser, web, "Clicks");
  await openTasks(page, web);
  await page.getByText("Nothing to do yet").waitFor();

  const measure = async (label: string) => {
    const add: number[] = [];
    const complete: number[] = [];
    for (let i = 0; i < 5; i++) {
      const title = `${label} ${i}`;
      await page.getByLabel("New task").fill(title);
      const added = await clickAndMeasure(
        page,
        page.getByRole("button", { name: "Add", exact: true }),
        ".task-title",
        title,
      );
      add.push(added.frameMs);
      await page.getByRole("checkbox", { name: title, exact: true }).waitFor();
      await page.waitForFunction(
        (t) => !document.querySelector("li.task-pending")?.textContent?.includes(t),
        title,
      );
      const completed = await clickAndMeasure(
        page,
        page.getByRole("checkbox", { name: title, exact: true }),
        "li.task-done .task-title",
        title,
      );
      complete.push(completed.frameMs);
    }
    return { addMs: median(add), completeMs: median(complete), addAll: add, completeAll: complete };
  };

  const direct = await measure("Direct");
  await page.route(`${api}/**`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  const slow = await measure("Slow");
  await page.unrouteAll({ behavior: "wait" });
  await page.context().close();
  return {
    note: "milliseconds from the click event to the first frame after the change is in the DOM (median of 5)",
    apiAsIs: direct,
    apiWith400msAddedLatency: slow,
  };
}

async function firstLoadJs(browser: Browser, web: string) {
  const page = await signedInPage(browser, web, "Weight");
  const scripts = new Map<string, number>();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script" || !response.url().startsWith(web)) return;
    const body = await response.body().catch(() => null);
    if (body) scripts.set(new URL(response.url()).pathname, gzipSync(body).length);
  });
  await openTasks(page, web);
  await page.waitForLoadState("networkidle");
  await page.context().close();
  const loaded = [...scripts.values()].reduce((sum, size) => sum + size, 0);
  return {
    note: "gzip (zlib default level) of every script Chromium loaded for a first visit to /tasks",
    totalKB: Math.round((loaded / 1024) * 10) / 10,
    files: Object.fromEntries(scripts),
  };
}

async function main() {
  if (!existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
    console.error("bench:browser: apps/web/.next is missing: run `npm run build` first.");
    process.exitCode = 1;
    return;
  }
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath} (set CHROMIUM_PATH)`);

  log("starting the stack and Chromium");
  const [stack, browser] = await Promise.all([
    startStack(),
    chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS }),
  ]);
  const stopAll = () => Promise.allSettled([browser.close(), stack.dispose()]);
  process.once("SIGINT", () => void stopAll().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void stopAll().finally(() => process.exit(143)));
  try {
    log("click to visible change");
    const clicks = await clickToVisibleChange(browser, stack.web, stack.api);
    log("first-load JavaScript of /tasks");
    const weight = await firstLoadJs(browser, stack.web);

    console.log(
      `click to visible change (ms, median of 5): add ${clicks.apiAsIs.addMs}, complete ${clicks.apiAsIs.completeMs}; ` +
        `with 400 ms API latency: add ${clicks.apiWith400msAddedLatency.addMs}, complete ${clicks.apiWith400msAddedLatency.completeMs}`,
    );
    console.log(
      `first-load JavaScript of /tasks: ${weight.totalKB} KB gzip in ${Object.keys(weight.files).length} files`,
    );
    const file = writeResults("browser", {
      kind: "browser",
      at: new Date().toISOString(),
      machine: machine(),
      clickToVisibleChange: clicks,
      firstLoadJs: weight,
      settings: { chromiumPath, chromiumArgs: CHROMIUM_ARGS },
    });
    console.log(`results: ${file}`);
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:browser: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
