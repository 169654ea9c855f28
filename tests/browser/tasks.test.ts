// The tasks page in Chromium, against the real stack: everything a person
// does with their list, by mouse and by keyboard, plus axe-core and
// screenshots. The figures (click to visible change, first-load JavaScript)
// are measured by `npm run bench:browser`, not here.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  createTasks,
  cspViolationsOf,
  launchBrowser,
  openTasks,
  resultsDir,
  row,
  type Stack,
  seriousA11yProblems,
  signedIn,
  startStack,
  titles,
  waitForTitles,
} from "./harness";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.skipIf(!chromiumPath)("the tasks page", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Resolves when the API has answered a request matching `method` and `path`. */
  function answered(page: Page, method: string, pathPart: string) {
    return page.waitForResponse(
      (response) =>
        response.url().startsWith(stack.api) &&
        response.url().includes(pathPart) &&
        response.request().method() === method,
    );
  }

  it("adds with Enter keeping focus, edits in place, completes, and a reload shows the same", async () => {
    const { page } = await signedIn(browser, stack);
    await openTasks(page, stack);
    await page.getByText("Nothing to do yet").waitFor();

    const input = page.getByLabel("New task");
    await input.fill("Buy milk");
    await input.press("Enter");
    await input.fill("Call Bo");
    await Promise.all([answered(page, "POST", "/api/tasks"), input.press("Enter")]);
    await waitForTitles(page, ["Call Bo", "Buy milk"]);
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await input.inputValue()).toBe("");

    await row(page, "Buy milk").getByRole("button", { name: "Buy milk", exact: true }).dblclick();
    const edit = page.getByRole("textbox", { name: "Task title" });
    await edit.fill("Buy oat milk");
    await Promise.all([answered(page, "PATCH", "/api/tasks/"), edit.press("Enter")]);
    await waitForTitles(page, ["Call Bo", "Buy oat milk"]);

    await Promise.all([
      answered(page, "PATCH", "/api/tasks/"),
      page.getByRole("checkbox", { name: "Call Bo", exact: true }).check(),
    ]);
    expect(await row(page, "Call Bo").getAttribute("class")).toContain("task-done");
    await page.getByText("1 item left").waitFor();

    await page.reload();
    await waitForTitles(page, ["Call Bo", "Buy oat milk"]);
    expect(await page.getByRole("checkbox", { name: "Call Bo", exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: "Buy oat milk", exact: true }).isChecked()).toBe(false);
    expect(await cspViolationsOf(page)).toEqual([]);
  });

  it("deletes at once with a 5-second Undo, and only then tells the server", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [{ title: "Remove me" }, { title: "Keep me" }]);
    await openTasks(page, stack);
    const deletes: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "DELETE") deletes.push(request.url());
    });

    await page.getByRole("button", { name: "Delete “Remove me”", exact: true }).click();
    await waitForTitles(page, ["Keep me"]);
    await page.getByRole("button", { name: "Undo", exact: true }).click();
    await waitForTitles(page, ["Keep me", "Remove me"]);
    expect(deletes).toEqual([]);

    const sent = page.waitForResponse((response) => response.request().method() === "DELETE", {
      timeout: 8_000,
    });
    await page.getByRole("button", { name: "Delete “Remove me”", exact: true }).click();
    await waitForTitles(page, ["Keep me"]);
    expect((await sent).status()).toBe(204);
    await page.reload();
    await waitForTitles(page, ["Keep me"]);
  });

  it("refuses an empty title with a message; Escape cancels an edit", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [{ title: "Original" }]);
    await openTasks(page, stack);

    await page.getByRole("button", { name: "Original", exact: true }).dblclick();
    const edit = page.getByRole("textbox", { name: "Task title" });
    await edit.fill("   ");
    await edit.press("Enter");
    await page.getByRole("alert").filter({ hasText: "A task needs a title" }).waitFor();
    expect(await edit.isVisible()).toBe(true);
    await edit.press("Escape");
    await waitForTitles(page, ["Original"]);
    const title = page.getByRole("button", { name: "Original", exact: true });
    expect(await title.evaluate((element) => element === document.activeElement)).toBe(true);

    // Enter on the focused title edits too; Escape throws the change away.
    await title.press("Enter");
    await edit.fill("Changed");
    await edit.press("Escape");
    await waitForTitles(page, ["Original"]);
  });

  it("edits description, priority, due date and tags in the detail editor; overdue shows", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [{ title: "Pay rent" }, { title: "Water plants" }]);
    await openTasks(page, stack);

    await page.getByRole("button", { name: "Edit details of “Pay rent”", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit task" });
    await dialog.waitFor();
    await dialog.getByLabel("Description").fill("Standing order failed; pay by hand.");
    await dialog.getByLabel("Priority", { exact: true }).selectOption("high");
    const yesterday = new Date(Date.now() - 86_400_000);
    // The browser's zone is the user's (set on first use), so its "yesterday" is theirs.
    const day = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, "0")}-${String(yesterday.getDate()).padStart(2, "0")}`;
    await dialog.getByLabel("Due date").fill(day);
    await dialog.getByLabel("Time (optional)").fill("09:00");
    await dialog.getByLabel("Tags").fill("Home, money, home");
    await Promise.all([
      answered(page, "PATCH", "/api/tasks/"),
      dialog.getByRole("button", { name: "Save", exact: true }).click(),
    ]);
    expect(await dialog.isVisible()).toBe(false);

    const rent = row(page, "Pay rent");
    await rent.getByText("High").waitFor();
    await rent.getByText(/Overdue/).waitFor();
    expect(await rent.locator(".chip").allTextContents()).toEqual(["#home", "#money"]);

    await page.reload();
    await row(page, "Pay rent")
      .getByText(/Overdue/)
      .waitFor();
    await page.getByRole("button", { name: "Edit details of “Pay rent”", exact: true }).click();
    expect(await dialog.getByLabel("Description").inputValue()).toBe("Standing order failed; pay by hand.");
    expect(await dialog.getByLabel("Due date").inputValue()).toBe(day);
    expect(await dialog.getByLabel("Time (optional)").inputValue()).toBe("09:00");
    await page.keyboard.press("Escape");
    expect(await dialog.isVisible()).toBe(false);

    // A tag chip filters the list by that tag.
    await row(page, "Pay rent").getByRole("button", { name: "Show tasks tagged money", exact: true }).click();
    await waitForTitles(page, ["Pay rent"]);
    expect(new URL(page.url()).searchParams.get("tag")).toBe("money");
  });

  it("filters, searches and sorts through the URL; reload and Back restore the view", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [
      { title: "Alpha report", priority: "high", tags: ["work"] },
      { title: "Beta groceries", priority: "low", tags: ["home"] },
      { title: "Gamma taxes", priority: "medium", tags: ["work"], completed: true },
      { title: "Delta call", description: "About the report draft", tags: ["work"] },
    ]);
    await openTasks(page, stack);
    await waitForTitles(page, ["Delta call", "Gamma taxes", "Beta groceries", "Alpha report"]);

    await page.getByRole("link", { name: "Active" }).click();
    await waitForTitles(page, ["Delta call", "Beta groceries", "Alpha report"]);
    expect(page.url()).toContain("status=active");

    // Search covers descriptions too; the URL follows after a pause in typing.
    await page.getByLabel("Search tasks").fill("report");
    await waitForTitles(page, ["Delta call", "Alpha report"]);
    await page.waitForURL(/q=report/);
    await page.getByLabel("Search tasks").fill("");
    await page.waitForURL((url) => !url.searchParams.has("q"));

    await page.getByLabel("Priority", { exact: true }).selectOption("low");
    await waitForTitles(page, ["Beta groceries"]);
    await page.getByLabel("Priority", { exact: true }).selectOption("");
    await page.getByLabel("Tag", { exact: true }).selectOption("work");
    await waitForTitles(page, ["Delta call", "Alpha report"]);
    await page.getByLabel("Sort", { exact: true }).selectOption("title");
    await waitForTitles(page, ["Alpha report", "Delta call"]);
    const sortedUrl = page.url();
    expect(new URL(sortedUrl).searchParams.get("sort")).toBe("title");

    await page.reload();
    await waitForTitles(page, ["Alpha report", "Delta call"]);
    expect(await page.getByLabel("Sort", { exact: true }).inputValue()).toBe("title");
    expect(await page.getByLabel("Tag", { exact: true }).inputValue()).toBe("work");
    expect(await page.getByRole("link", { name: "Active" }).getAttribute("aria-current")).toBe("page");

    await page.goBack();
    await waitForTitles(page, ["Delta call", "Alpha report"]);
    expect(await page.getByLabel("Sort", { exact: true }).inputValue()).toBe("-createdAt");

    // A shared link opens the same view.
    const other = await context.newPage();
    await openTasks(other, stack, new URL(sortedUrl).search);
    await waitForTitles(other, ["Alpha report", "Delta call"]);
  });

  it("marks all done, counts what is left, and clears completed", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [{ title: "One" }, { title: "Two" }, { title: "Three" }]);
    await openTasks(page, stack);
    await page.getByText("3 items left").waitFor();

    await page.getByRole("button", { name: "Mark all done", exact: true }).click();
    await page.getByText("0 items left").waitFor();
    for (const title of ["One", "Two", "Three"])
      expect(await page.getByRole("checkbox", { name: title, exact: true }).isChecked()).toBe(true);

    const cleared = answered(page, "DELETE", "/api/tasks?status=completed");
    await page.getByRole("button", { name: "Clear completed", exact: true }).click();
    await page.getByText("Nothing to do yet").waitFor();
    await cleared;
    await page.getByRole("status").filter({ hasText: "Cleared 3 completed tasks." }).waitFor();
    await page.reload();
    await page.getByText("Nothing to do yet").waitFor();
  });

  it("says so when the list cannot be loaded, and Try again recovers", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [{ title: "Still here" }]);
    await page.route(`${stack.api}/api/tasks?*`, (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/problem+json",
        body: JSON.stringify({
          type: "about:blank",
          title: "Service Unavailable",
          status: 503,
          detail: "The database is unreachable.",
        }),
      }),
    );
    await page.goto(`${stack.web}/tasks`);
    await page.getByRole("alert").filter({ hasText: "Your tasks could not be loaded." }).waitFor();
    await page.unrouteAll();
    await page.getByRole("button", { name: "Try again" }).click();
    await waitForTitles(page, ["Still here"]);
  });

  it("loads further pages as the list scrolls", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(
      context,
      stack,
      Array.from({ length: 55 }, (_, i) => ({ title: `Task ${String(i + 1).padStart(2, "0")}` })),
    );
    await openTasks(page, stack);
    await page.waitForFunction(() => document.querySelectorAll("li.task").length === 50);
    await page.getByText("50+ items left").waitFor();
    await page.getByRole("button", { name: "Load more", exact: true }).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll("li.task").length === 55);
    expect(await page.getByRole("button", { name: "Load more", exact: true }).count()).toBe(0);
    const shown = await titles(page);
    expect(new Set(shown).size).toBe(55);
    expect(shown.at(-1)).toBe("Task 01");
  });

  it("rolls back a failed change with a toast that says why; a retried create reuses its Idempotency-Key", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [{ title: "Fragile" }]);
    await openTasks(page, stack);

    const problem = {
      type: "about:blank",
      title: "Service Unavailable",
      status: 503,
      detail: "The database is unreachable.",
    };
    await page.route(`${stack.api}/api/tasks/*`, (route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({
            status: 503,
            contentType: "application/problem+json",
            body: JSON.stringify(problem),
          })
        : route.continue(),
    );
    const box = page.getByRole("checkbox", { name: "Fragile", exact: true });
    await box.click();
    await page.getByRole("alert").filter({ hasText: "The database is unreachable." }).waitFor();
    expect(await box.isChecked()).toBe(false);
    expect(await page.locator(".toast-error").textContent()).toContain("Could not save “Fragile”");
    await page.unrouteAll();

    // Every create carries a fresh key; the retry of a failed one sends the same key again.
    const posts: Request[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url() === `${stack.api}/api/tasks`) posts.push(request);
    });
    let failNext = true;
    await page.route(`${stack.api}/api/tasks`, (route) => {
      if (route.request().method() === "POST" && failNext) {
        failNext = false;
        return route.abort("connectionreset");
      }
      return route.continue();
    });
    await page.getByLabel("New task").fill("Survives a flaky network");
    await page.getByLabel("New task").press("Enter");
    const retry = page
      .locator(".toast-error", { hasText: "Could not add" })
      .getByRole("button", { name: "Retry" });
    await retry.waitFor();
    expect(await titles(page)).toEqual(["Fragile"]);
    await Promise.all([answered(page, "POST", "/api/tasks"), retry.click()]);
    await waitForTitles(page, ["Survives a flaky network", "Fragile"]);

    await page.getByLabel("New task").fill("Another");
    await Promise.all([answered(page, "POST", "/api/tasks"), page.getByLabel("New task").press("Enter")]);
    const keys = posts.map((request) => request.headers()["idempotency-key"] ?? "");
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(key).toMatch(UUID);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("works with the keyboard alone", async () => {
    const { page } = await signedIn(browser, stack);
    await openTasks(page, stack);
    await page.getByText("Nothing to do yet").waitFor();
    const focusedName = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        return element?.getAttribute("aria-label") || element?.textContent?.trim() || element?.id || "";
      });

    // "n" jumps to the add box.
    await page.keyboard.press("n");
    await page.keyboard.type("Write report");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Book dentist");
    await page.keyboard.press("Enter");
    await waitForTitles(page, ["Book dentist", "Write report"]);
    await page.waitForFunction(() => !document.querySelector(".task-pending"));

    // Tab reaches the first task's checkbox; Space completes it.
    for (let i = 0; i < 30 && (await focusedName()) !== "Book dentist"; i++) await page.keyboard.press("Tab");
    expect(await focusedName()).toBe("Book dentist");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe("checkbox");
    await page.keyboard.press("Space");
    expect(await page.getByRole("checkbox", { name: "Book dentist", exact: true }).isChecked()).toBe(true);

    // Tab to the title; Enter edits; Enter saves and gives focus back.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.keyboard.press("End");
    await page.keyboard.type(" at 9");
    await page.keyboard.press("Enter");
    await waitForTitles(page, ["Book dentist at 9", "Write report"]);
    // The edit's answer re-renders the row; let it land before moving on, so
    // the next keys do not race that render.
    await page.waitForFunction(() => !document.querySelector(".task-pending"));
    expect(await focusedName()).toBe("Book dentist at 9");

    // The detail editor: opens on Enter, Escape closes it and focus returns.
    await page.keyboard.press("Tab");
    expect(await focusedName()).toBe("Edit details of “Book dentist at 9”");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: "Edit task" }).waitFor();
    // The title field, first in the dialog, has the focus.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(
      "Book dentist at 9",
    );
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.querySelector("dialog[open]"));
    await page.waitForFunction(
      () => document.activeElement?.getAttribute("aria-label") === "Edit details of “Book dentist at 9”",
    );

    // Delete by keyboard, focus moves on, Ctrl+Z brings it back.
    await page.keyboard.press("Tab");
    expect(await focusedName()).toBe("Delete “Book dentist at 9”");
    await page.keyboard.press("Enter");
    await waitForTitles(page, ["Write report"]);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    expect(await focusedName()).toBe("Write report");
    await page.keyboard.press("Control+z");
    await waitForTitles(page, ["Book dentist at 9", "Write report"]);
    // Focus follows the task back.
    await page.waitForFunction(() => document.activeElement?.textContent === "Book dentist at 9");

    // "/" jumps to search.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("task-search");

    // Nothing failed on the way, and the server holds every change.
    expect(await page.locator(".toast-error").count()).toBe(0);
    await page.reload();
    await waitForTitles(page, ["Book dentist at 9", "Write report"]);
    expect(await page.getByRole("checkbox", { name: "Book dentist at 9", exact: true }).isChecked()).toBe(
      true,
    );
  });

  it("has no serious or critical axe-core findings, light and dark, in every state", async () => {
    const { context, page } = await signedIn(browser, stack);
    const problems: Record<string, unknown> = {};
    const check = async (state: string) => {
      const found = await seriousA11yProblems(page);
      if (found.length > 0) problems[state] = found;
    };

    await openTasks(page, stack);
    await page.getByText("Nothing to do yet").waitFor();
    await check("empty");
    await createTasks(context, stack, sampleTasks());
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await openTasks(page, stack);
      await page.getByText("Renew passport").waitFor();
      await check(`list, ${scheme}`);
    }
    await page.getByRole("button", { name: "Edit details of “Renew passport”", exact: true }).click();
    await page.getByRole("dialog").waitFor();
    await check("detail editor");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Renew passport", exact: true }).dblclick();
    await page.getByRole("textbox", { name: "Task title" }).fill("");
    await page.getByRole("textbox", { name: "Task title" }).press("Enter");
    await check("inline edit with an error");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Delete “Renew passport”", exact: true }).click();
    await page.getByRole("button", { name: "Undo", exact: true }).waitFor();
    await check("undo toast");
    await openTasks(page, stack, "?q=nothing-matches-this");
    await page.getByText("No tasks match this view.").waitFor();
    await check("no matches");
    expect(problems).toEqual({});
  });

  it("follows the system theme until one is chosen, and keeps the choice across reloads", async () => {
    const { page } = await signedIn(browser, stack);
    await page.emulateMedia({ colorScheme: "light" });
    await openTasks(page, stack);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    const systemDark = await background();
    expect(systemDark).not.toBe(light);

    await page.emulateMedia({ colorScheme: "light" });
    await page.getByLabel("Theme").selectOption("dark");
    expect(await background()).toBe(systemDark);
    const served = await page.context().request.get(`${stack.web}/tasks`);
    expect(await served.text()).toMatch(/<html[^>]*data-theme="dark"/);
    await page.reload();
    expect(await background()).toBe(systemDark);
    expect(await page.getByLabel("Theme").inputValue()).toBe("dark");

    await page.getByLabel("Theme").selectOption("system");
    expect(await background()).toBe(light);
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBeUndefined();
  });

  it("takes screenshots of /tasks at 375 and 1280 px, light and dark", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, sampleTasks());
    const dir = path.join(resultsDir, "screenshots");
    mkdirSync(dir, { recursive: true });
    for (const scheme of ["light", "dark"] as const) {
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: width < 500 ? 812 : 800 });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
        await openTasks(page, stack);
        await page.getByText("Renew passport").waitFor();
        // Nothing may overflow sideways on a phone.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: path.join(dir, `tasks-${scheme}-${width}.png`) });
      }
    }
  });
});

/** A list that shows every kind of task: priorities, due dates (one overdue), tags, a completed one. */
function sampleTasks(): Record<string, unknown>[] {
  const day = 86_400_000;
  const at = (offsetDays: number, hour: number) => {
    const date = new Date(Date.now() + offsetDays * day);
    date.setHours(hour, 0, 0, 0);
    return date.toISOString();
  };
  return [
    { title: "Water the plants", tags: ["home"], completed: true },
    { title: "Book the dentist", priority: "low", dueAt: at(9, 10), tags: ["health"] },
    { title: "Send the invoice to Acme", priority: "medium", dueAt: at(-1, 17), tags: ["work", "money"] },
    { title: "Draft the quarterly report", priority: "high", dueAt: at(1, 9), tags: ["work"] },
    { title: "Renew passport", description: "Photos first.", priority: "high", dueAt: at(0, 18) },
  ];
}
