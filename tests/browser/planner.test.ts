// The planner in Chromium, against the real stack (SPEC §7–§8, issue 12):
// the sidebar and its counts, lists made, renamed, reordered and deleted,
// Today with "Reschedule all to today", Upcoming by day with a task moved by
// keyboard, quick add's highlighting, recurring tasks, the time zone, and
// axe-core on every new view at phone and desktop widths, light and dark.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  chromiumPath,
  createTasks,
  cspViolationsOf,
  launchBrowser,
  resultsDir,
  row,
  type Stack,
  seriousA11yProblems,
  signedIn,
  startStack,
  waitForTitles,
} from "./harness";

interface List {
  id: string;
  name: string;
  openTaskCount: number;
  position: number;
}
interface Task {
  id: string;
  title: string;
  listId: string;
  dueDate: string | null;
  dueAt: string | null;
  priority: string;
  tags: string[];
  recurrence: { rule: string; text: string; from: string } | null;
  completed: boolean;
}

/** The date `days` from today, in UTC: the zone of the browsers (and so the users) of these tests. */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// Every user here lives in UTC, whatever the machine's zone: dates in the
// tests and on the page agree.
const UTC = { timezoneId: "UTC" } as const;

describe.skipIf(!chromiumPath)("the planner", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function createList(context: BrowserContext, name: string, color = "blue"): Promise<List> {
    const { status, body } = await callApi<List>(context, stack, "POST", "/api/lists", { name, color });
    if (status !== 201) throw new Error(`list: ${status}`);
    return body;
  }

  async function tasksOf(context: BrowserContext): Promise<Task[]> {
    return (await callApi<{ items: Task[] }>(context, stack, "GET", "/api/tasks?limit=100")).body.items;
  }

  /** Opens a planner page and waits until its tasks have loaded. */
  async function open(page: Page, where: string): Promise<void> {
    await page.goto(`${stack.web}${where}`);
    await page.waitForFunction(() => {
      const tasks = document.querySelector("main .tasks");
      return tasks && !tasks.querySelector("[aria-busy='true']");
    });
  }

  const nav = (page: Page) => page.getByRole("navigation", { name: "Planner" });

  /** A link's accessible description, read from what its aria-describedby names. */
  const description = (page: Page, name: string) =>
    nav(page)
      .getByRole("link", { name, exact: true })
      .evaluate((link) =>
        (link.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ")
          .trim(),
      );

  const section = (page: Page, date: string) => page.locator(`section[aria-labelledby="section-${date}"]`);

  it("names Inbox, Today, Upcoming and each list in the sidebar, with open counts as descriptions", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    const home = await createList(context, "Home", "green");
    const work = await createList(context, "Work");
    await createTasks(context, stack, [
      { title: "Loose end" },
      { title: "Fix the tap", listId: home.id },
      { title: "Hang the picture", listId: home.id },
      { title: "Done already", listId: home.id, completed: true },
    ]);
    await callApi(context, stack, "PATCH", `/api/lists/${work.id}`, { archived: true });
    await open(page, "/tasks");

    await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
    const names = await nav(page).getByRole("link").allTextContents();
    expect(names.map((name) => name.trim())).toEqual(["Inbox", "Today", "Upcoming", "Home"]);
    await page.waitForFunction(() => document.querySelector("nav[aria-label='Planner'] [id^='list-count-']"));
    expect(await description(page, "Home")).toBe("2 open tasks");
    expect(await description(page, "Inbox")).toBe("1 open task");

    await nav(page).getByRole("link", { name: "Home", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();
    await waitForTitles(page, ["Done already", "Hang the picture", "Fix the tap"]);
    expect(await nav(page).getByRole("link", { name: "Home" }).getAttribute("aria-current")).toBe("page");

    // A task ticked here counts down in the sidebar.
    await page.getByRole("checkbox", { name: "Fix the tap", exact: true }).check();
    await expect.poll(() => description(page, "Home"), { timeout: 5_000 }).toBe("1 open task");

    for (const [name, heading] of [
      ["Today", "Today"],
      ["Upcoming", "Upcoming"],
      ["Inbox", "Inbox"],
    ] as const) {
      await nav(page).getByRole("link", { name, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    }
    expect(await cspViolationsOf(page)).toEqual([]);
  });

  it("creates a list with a colour, refuses a name clash, renames, reorders and deletes it after saying how many tasks go", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    await createList(context, "Work");
    await open(page, "/tasks");

    await nav(page).getByRole("button", { name: "New list" }).click();
    await nav(page).getByLabel("List name").fill("Errands");
    await nav(page).getByLabel("Colour").selectOption("green");
    await nav(page).getByRole("button", { name: "Create list" }).click();
    await page.getByRole("heading", { level: 1, name: "Errands" }).waitFor();
    await page.waitForURL(/\/lists\/[0-9a-f-]{36}$/);

    // A clash, ignoring case, says so at the field.
    await nav(page).getByRole("button", { name: "New list" }).click();
    await nav(page).getByLabel("List name").fill("errands");
    await nav(page).getByRole("button", { name: "Create list" }).click();
    await nav(page)
      .getByRole("alert")
      .filter({ hasText: "You already have a list named “errands”" })
      .waitFor();
    await nav(page).getByRole("button", { name: "Cancel" }).click();

    // Tasks added here land in this list.
    const box = page.getByLabel("New task");
    await box.fill("Buy stamps");
    await box.press("Enter");
    await box.fill("Post the parcel");
    await box.press("Enter");
    await waitForTitles(page, ["Post the parcel", "Buy stamps"]);
    await expect.poll(() => description(page, "Errands"), { timeout: 5_000 }).toBe("2 open tasks");

    // Rename and recolour.
    await page.getByRole("button", { name: "Edit list" }).click();
    await page.locator("main").getByLabel("List name").fill("Shopping");
    await page.locator("main").getByLabel("Colour").selectOption("purple");
    await page.getByRole("button", { name: "Save list" }).click();
    await page.getByRole("heading", { level: 1, name: "Shopping" }).waitFor();
    await nav(page).getByRole("link", { name: "Shopping", exact: true }).waitFor();

    // Reorder by keyboard: Move up puts it before Work.
    const order = async () =>
      (await nav(page).getByRole("link").allTextContents()).map((name) => name.trim()).slice(3);
    expect(await order()).toEqual(["Work", "Shopping"]);
    await page.getByRole("button", { name: "Move up" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(order, { timeout: 5_000 }).toEqual(["Shopping", "Work"]);
    await page.reload();
    await expect.poll(order, { timeout: 5_000 }).toEqual(["Shopping", "Work"]);
    expect(await page.getByRole("button", { name: "Move up" }).isDisabled()).toBe(true);

    // Delete asks first, and says how many tasks go with it.
    await page.getByRole("button", { name: "Delete list" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete “Shopping”?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("its 2 open tasks");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect(await dialog.isVisible()).toBe(false);
    await page.getByRole("button", { name: "Delete list" }).click();
    await dialog.getByRole("button", { name: "Delete list" }).click();
    await page.waitForURL(`${stack.web}/tasks`);
    await page.getByRole("heading", { level: 1, name: "Inbox" }).waitFor();
    expect(await order()).toEqual(["Work"]);
    expect((await tasksOf(context)).map((task) => task.title)).toEqual([]);
  });

  it("shows overdue tasks first in Today, and reschedules them all to today, keeping their times", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    await createTasks(context, stack, [
      { title: "File the report", dueDate: day(-2) },
      { title: "Call the bank", dueAt: `${day(-1)}T09:30:00.000Z` },
      { title: "Water the plants", dueDate: day(0) },
      { title: "Later", dueDate: day(3) },
      { title: "Someday" },
    ]);
    await open(page, "/today");
    await page.getByRole("heading", { level: 1, name: "Today" }).waitFor();

    const overdue = page.locator('section[aria-labelledby="section-overdue"]');
    const today = page.locator('section[aria-labelledby="section-today"]');
    await overdue.getByRole("heading", { name: "Overdue" }).waitFor();
    expect(await overdue.locator(".task-title").allTextContents()).toEqual([
      "File the report",
      "Call the bank",
    ]);
    expect(await today.locator(".task-title").allTextContents()).toEqual(["Water the plants"]);
    await waitForTitles(page, ["File the report", "Call the bank", "Water the plants"]);

    await overdue.getByRole("button", { name: "Reschedule all to today" }).click();
    await overdue.waitFor({ state: "detached" });
    await page.waitForFunction(() => !document.querySelector(".task-pending"));
    await expect
      .poll(async () => (await tasksOf(context)).filter((task) => task.dueDate === day(0)).length, {
        timeout: 5_000,
      })
      .toBe(3);
    const saved = await tasksOf(context);
    expect(saved.find((task) => task.title === "File the report")).toMatchObject({
      dueDate: day(0),
      dueAt: null,
    });
    expect(saved.find((task) => task.title === "Call the bank")?.dueAt).toBe(`${day(0)}T09:30:00.000Z`);

    await page.reload();
    await today.waitFor();
    expect(await overdue.count()).toBe(0);
    // All-day first, then by time.
    expect((await today.locator(".task-title").allTextContents()).sort()).toEqual(
      ["Call the bank", "File the report", "Water the plants"].sort(),
    );
  });

  it("groups the next 14 days in Upcoming, and moves a task to another day by keyboard", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    await createTasks(context, stack, [
      { title: "Dentist", dueAt: `${day(1)}T08:00:00.000Z` },
      { title: "Gym", dueDate: day(1) },
      { title: "Dinner with Bo", dueDate: day(3) },
      { title: "Far away", dueDate: day(20) },
      { title: "No date" },
    ]);
    await open(page, "/upcoming");
    await page.getByRole("heading", { level: 1, name: "Upcoming" }).waitFor();

    await section(page, day(0)).getByRole("heading", { name: "Today", exact: true }).waitFor();
    await section(page, day(1)).getByRole("heading", { name: "Tomorrow", exact: true }).waitFor();
    expect(await page.locator("main section[aria-labelledby^='section-']").count()).toBe(14);
    // All-day first in a day, then by time.
    expect(await section(page, day(1)).locator(".task-title").allTextContents()).toEqual(["Gym", "Dentist"]);
    expect(await section(page, day(3)).locator(".task-title").allTextContents()).toEqual(["Dinner with Bo"]);
    expect(await page.getByText("Far away").count()).toBe(0);
    expect(await page.getByText("No date").count()).toBe(0);

    // By keyboard: the row's Move button, a day, Enter.
    await page.getByRole("button", { name: "Move “Dentist” to another day" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Move “Dentist”" });
    await dialog.waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe("date");
    await dialog.getByLabel("New day").fill(day(5));
    await page.keyboard.press("Enter");
    await section(page, day(5)).getByText("Dentist").waitFor();
    expect(await section(page, day(1)).locator(".task-title").allTextContents()).toEqual(["Gym"]);
    await page.waitForFunction(() => !document.querySelector(".task-pending"));
    await expect
      .poll(async () => (await tasksOf(context)).find((task) => task.title === "Dentist")?.dueAt, {
        timeout: 5_000,
      })
      .toBe(`${day(5)}T08:00:00.000Z`);

    // And by dragging the row onto a day.
    await row(page, "Gym").dragTo(section(page, day(2)));
    await section(page, day(2)).getByText("Gym").waitFor();
    await page.reload();
    await section(page, day(2)).getByText("Gym").waitFor();
  });

  it("highlights quick add's tokens as you type, says what it will create, and Enter creates it in the named list", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    const home = await createList(context, "Home");
    await open(page, "/tasks");

    const box = page.getByLabel("New task");
    await box.pressSequentially("Pay rent every month on the 1st p1 #Home @bills");
    const preview = page.locator(".quick-add-preview");
    await preview.waitFor();
    const kinds = await preview
      .locator("mark.token")
      .evaluateAll((marks) => marks.map((mark) => [mark.getAttribute("data-kind"), mark.textContent]));
    expect(kinds).toEqual([
      ["recurrence", "every month on the 1st"],
      ["priority", "p1"],
      ["list", "#Home"],
      ["tag", "@bills"],
    ]);
    const summary = (await preview.textContent()) ?? "";
    for (const part of ["Pay rent", "every month", "High", "#Home", "@bills"])
      expect(summary).toContain(part);
    expect(await box.getAttribute("aria-describedby")).toContain("new-task-preview");

    const created = page.waitForResponse(
      (response) => response.url() === `${stack.api}/api/tasks` && response.request().method() === "POST",
    );
    await box.press("Enter");
    expect((await created).status()).toBe(201);
    expect(await box.inputValue()).toBe("");

    await nav(page).getByRole("link", { name: "Home", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();
    await waitForTitles(page, ["Pay rent"]);
    const rent = row(page, "Pay rent");
    await rent.getByText("High").waitFor();
    expect(await rent.locator(".chip").allTextContents()).toEqual(["#bills"]);
    expect(await rent.locator(".recurrence").textContent()).toContain("every month on the 1st");
    const [saved] = await tasksOf(context);
    expect(saved).toMatchObject({ title: "Pay rent", listId: home.id, priority: "high", tags: ["bills"] });
    expect(saved?.recurrence?.rule).toContain("FREQ=MONTHLY");

    // Plain text is a plain title; text that leaves no title shows the API's refusal.
    await box.fill("Call mum");
    await box.press("Enter");
    await waitForTitles(page, ["Call mum", "Pay rent"]);
    await box.fill("tomorrow p2 #Home");
    await box.press("Enter");
    await page.getByRole("alert").filter({ hasText: "no title left" }).waitFor();
    expect(await box.inputValue()).toBe("tomorrow p2 #Home");
    expect(await box.getAttribute("aria-invalid")).toBe("true");
  });

  it("completes a recurring task: it stays, the toast says the next due, Undo puts it back; the editor edits the recurrence", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    await createTasks(context, stack, [
      { title: "Stretch", dueDate: day(0), recurrence: { rule: "FREQ=DAILY" } },
    ]);
    await open(page, "/tasks");
    const stretch = row(page, "Stretch");
    await stretch.locator(".recurrence").getByText("every day").waitFor();

    // Not `check()`: the box stays unticked, as the task stays open.
    await page.getByRole("checkbox", { name: "Stretch", exact: true }).click();
    const toast = page.locator(".toast-info", { hasText: "Next:" });
    await toast.waitFor();
    expect(await toast.textContent()).toContain("Completed “Stretch”. Next: Tomorrow");
    await stretch.getByText("Due Tomorrow").waitFor();
    expect(await page.getByRole("checkbox", { name: "Stretch", exact: true }).isChecked()).toBe(false);
    expect((await tasksOf(context))[0]).toMatchObject({ completed: false, dueDate: day(1) });

    await toast.getByRole("button", { name: "Undo" }).click();
    await stretch.getByText("Due Today").waitFor();
    await expect.poll(async () => (await tasksOf(context))[0]?.dueDate, { timeout: 5_000 }).toBe(day(0));

    // The editor: a preset, "from completion", the words, and the history.
    await page.getByRole("button", { name: "Edit details of “Stretch”", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Edit task" });
    await dialog.getByRole("heading", { name: "Completed before" }).waitFor();
    await dialog.locator("li").first().waitFor();
    expect(await dialog.locator("li").count()).toBe(1);
    expect(await dialog.getByLabel("Repeats").inputValue()).toBe("daily");
    await dialog.getByLabel("Repeats").selectOption("custom");
    await dialog.getByLabel("Every").fill("3");
    await dialog.getByLabel("Count from when it is completed").check();
    await dialog.getByText("Repeats every! 3 days.").waitFor();
    await dialog.getByLabel("Time (optional)").fill("07:15");
    await dialog.getByRole("button", { name: "Save" }).click();
    await stretch.locator(".recurrence").getByText("every! 3 days").waitFor();
    await page.waitForFunction(() => !document.querySelector(".task-pending"));
    await expect
      .poll(async () => (await tasksOf(context))[0]?.recurrence, { timeout: 5_000 })
      .toMatchObject({ rule: "FREQ=DAILY;INTERVAL=3", from: "completion" });
    expect((await tasksOf(context))[0]?.dueAt).toBe(`${day(0)}T07:15:00.000Z`);

    // Does not repeat any more.
    await page.getByRole("button", { name: "Edit details of “Stretch”", exact: true }).click();
    await dialog.getByLabel("Repeats").selectOption("none");
    await dialog.getByRole("button", { name: "Save" }).click();
    await stretch.locator(".recurrence").waitFor({ state: "detached" });
    await expect.poll(async () => (await tasksOf(context))[0]?.recurrence, { timeout: 5_000 }).toBeNull();
  });

  it("sets the time zone from the browser on first use, and changes it on /account", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, { timezoneId: "America/New_York" });
    await open(page, "/tasks");
    await expect
      .poll(
        async () => (await callApi<{ timeZone: string }>(context, stack, "GET", "/api/me")).body.timeZone,
        {
          timeout: 5_000,
        },
      )
      .toBe("America/New_York");

    await page.goto(`${stack.web}/account`);
    const zone = page.getByRole("combobox", { name: "Time zone" });
    await expect.poll(() => zone.inputValue(), { timeout: 5_000 }).toBe("America/New_York");
    await zone.fill("Mars/Olympus_Mons");
    await page.getByRole("button", { name: "Save time zone" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: /time zone/i })
      .waitFor();
    await zone.fill("Europe/Berlin");
    await page.getByRole("button", { name: "Save time zone" }).click();
    await page.getByRole("status").filter({ hasText: "Europe/Berlin" }).waitFor();
    expect((await callApi<{ timeZone: string }>(context, stack, "GET", "/api/me")).body.timeZone).toBe(
      "Europe/Berlin",
    );

    // Chosen, it stays chosen: the browser's zone is offered only once.
    await open(page, "/tasks");
    await page.waitForTimeout(500);
    expect((await callApi<{ timeZone: string }>(context, stack, "GET", "/api/me")).body.timeZone).toBe(
      "Europe/Berlin",
    );
  });

  it("has no serious or critical axe-core findings on Today, Upcoming and a list, at 375 px and desktop, light and dark", async () => {
    const { context, page } = await signedIn(browser, stack, undefined, UTC);
    const home = await createList(context, "Home", "teal");
    await createTasks(context, stack, [
      { title: "Overdue thing", dueDate: day(-1), priority: "high" },
      { title: "Due today at nine", dueAt: `${day(0)}T09:00:00.000Z`, tags: ["work"] },
      { title: "Repeats daily", dueDate: day(0), recurrence: { rule: "FREQ=DAILY" }, listId: home.id },
      { title: "Next week", dueDate: day(6), listId: home.id, priority: "low" },
    ]);
    const problems: Record<string, unknown> = {};
    const check = async (state: string) => {
      const found = await seriousA11yProblems(page);
      if (found.length > 0) problems[state] = found;
    };
    const dir = path.join(resultsDir, "screenshots");
    mkdirSync(dir, { recursive: true });

    for (const scheme of ["light", "dark"] as const)
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: width < 500 ? 812 : 800 });
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
        for (const [name, where] of [
          ["today", "/today"],
          ["upcoming", "/upcoming"],
          ["list", `/lists/${home.id}`],
        ] as const) {
          await open(page, where);
          await page.locator("li.task").first().waitFor();
          await check(`${name}, ${scheme}, ${width}`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          await page.screenshot({ path: path.join(dir, `planner-${name}-${scheme}-${width}.png`) });
        }
        if (width === 375) {
          await page.getByRole("button", { name: "Lists and views" }).click();
          await nav(page).getByRole("link", { name: "Today", exact: true }).waitFor();
          await check(`drawer, ${scheme}`);
          await page.screenshot({ path: path.join(dir, `planner-drawer-${scheme}-${width}.png`) });
          await page.keyboard.press("Escape");
          await nav(page).waitFor({ state: "hidden" });
        }
      }
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, "/tasks");
    await page
      .getByLabel("New task")
      .pressSequentially("Pay rent tomorrow at 5pm every month p1 #Home @bills");
    await page.locator(".quick-add-preview").waitFor();
    await check("quick add preview");
    await page.getByLabel("New task").fill("");
    await open(page, `/lists/${home.id}`);
    await page.getByRole("button", { name: "Edit details of “Repeats daily”", exact: true }).click();
    await page.getByRole("dialog").getByRole("heading", { name: "Completed before" }).waitFor();
    await check("editor with recurrence");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Delete list" }).click();
    await page.getByRole("alertdialog").waitFor();
    await check("delete list dialog");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Edit list" }).click();
    await check("edit list form");
    await page.goto(`${stack.web}/account`);
    await page.getByRole("combobox", { name: "Time zone" }).waitFor();
    await check("account with time zone");
    expect(problems).toEqual({});
  });
});
