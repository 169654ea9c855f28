// Live sync, offline and installability in Chromium, against the real stack
// (SPEC §9, issue 13 items 3 and 6): two users with two browser contexts
// ("devices") each; a change on one of A's devices shows on the other within
// a second and never on B's; typing is not disturbed by a change from
// elsewhere; offline changes are kept, counted, and sent once each when the
// network is back; a 412 on replay shows both versions; the manifest, the
// service worker and the icons are served; axe-core on the new UI.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  chromiumPath,
  createTasks,
  cspViolationsOf,
  launchBrowser,
  newContext,
  type Person,
  person,
  row,
  type Session,
  type Stack,
  seriousA11yProblems,
  signedIn,
  startStack,
  waitForTitles,
} from "./harness";

interface Task {
  id: string;
  title: string;
  completed: boolean;
  version: number;
  reminders: ({ at: string } | { before: number })[];
}

const UTC = { timezoneId: "UTC" } as const;

describe.skipIf(!chromiumPath)("live sync and offline", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Another device of `user`: a fresh context signed in through the auth API. */
  async function secondDevice(user: Person): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser, UTC);
    const response = await context.request.post(`${stack.web}/api/auth/sign-in/email`, {
      data: { email: user.email, password: user.password },
      headers: { origin: stack.web },
    });
    if (!response.ok()) throw new Error(`sign-in failed: ${response.status()}`);
    return { context, page: await context.newPage() };
  }

  /** Opens /tasks and waits for its tasks and for the live stream to be connected. */
  async function openLive(page: Page): Promise<void> {
    await page.goto(`${stack.web}/tasks`);
    await page.waitForFunction(() => {
      const tasks = document.querySelector("main .tasks");
      return (
        tasks &&
        !tasks.querySelector("[aria-busy='true']") &&
        document.documentElement.dataset.live === "open"
      );
    });
  }

  async function tasksOf(context: BrowserContext): Promise<Task[]> {
    return (await callApi<{ items: Task[] }>(context, stack, "GET", "/api/tasks?limit=100")).body.items;
  }

  async function twoDevices(): Promise<[Session, { context: BrowserContext; page: Page }]> {
    const first = await signedIn(browser, stack, person("Ada"), UTC);
    const second = await secondDevice(first.user);
    await Promise.all([openLive(first.page), openLive(second.page)]);
    return [first, second];
  }

  it("shows a change from one of A's devices on the other within a second, and never on B's", async () => {
    const [a1, a2] = await twoDevices();
    const b = await signedIn(browser, stack, person("Bea"), UTC);
    await openLive(b.page);

    // Added on device 1: on device 2 within a second of the write's answer.
    const created = a1.page.waitForResponse(
      (response) => response.url().endsWith("/api/tasks") && response.request().method() === "POST",
    );
    await a1.page.getByLabel("New task").fill("Buy milk");
    await a1.page.keyboard.press("Enter");
    expect((await created).status()).toBe(201);
    await row(a2.page, "Buy milk").waitFor({ timeout: 1_000 });

    // Completed on device 2: ticked on device 1.
    const patched = a2.page.waitForResponse((response) => response.request().method() === "PATCH");
    await a2.page.getByRole("checkbox", { name: "Buy milk", exact: true }).check();
    expect((await patched).ok()).toBe(true);
    await a1.page.waitForFunction(
      () => document.querySelector("li.task-done .task-title")?.textContent === "Buy milk",
      undefined,
      { timeout: 1_000 },
    );

    // Renamed through the API (an agent, another app): on both devices.
    const [task] = await tasksOf(a1.context);
    if (!task) throw new Error("no task");
    await callApi(a1.context, stack, "PATCH", `/api/tasks/${task.id}`, { title: "Buy oat milk" });
    await Promise.all([
      row(a1.page, "Buy oat milk").waitFor({ timeout: 1_000 }),
      row(a2.page, "Buy oat milk").waitFor({ timeout: 1_000 }),
    ]);

    // Deleted through the API: gone from both.
    await callApi(a1.context, stack, "DELETE", `/api/tasks/${task.id}`);
    await Promise.all([waitForTitles(a1.page, []), waitForTitles(a2.page, [])]);

    // A list made elsewhere appears in the sidebar.
    await callApi(a1.context, stack, "POST", "/api/lists", { name: "Garden", color: "green" });
    await a2.page
      .getByRole("navigation", { name: "Planner" })
      .getByRole("link", { name: "Garden", exact: true })
      .waitFor({ timeout: 1_000 });

    // B saw none of it.
    await b.page.waitForTimeout(500);
    expect(await b.page.locator("li.task").count()).toBe(0);
    expect(
      await b.page.getByRole("navigation", { name: "Planner" }).getByRole("link", { name: "Garden" }).count(),
    ).toBe(0);
    for (const page of [a1.page, a2.page, b.page]) expect(await cspViolationsOf(page)).toEqual([]);
    await Promise.all([a1.context.close(), a2.context.close(), b.context.close()]);
  });

  it("does not disturb what the user is typing when the same task changes elsewhere", async () => {
    const [a1, a2] = await twoDevices();
    await createTasks(a1.context, stack, [{ title: "Plan trip" }, { title: "Water plants" }]);
    await Promise.all([
      waitForTitles(a1.page, ["Water plants", "Plan trip"]),
      waitForTitles(a2.page, ["Water plants", "Plan trip"]),
    ]);

    // Device 2 is renaming "Plan trip" in place...
    await row(a2.page, "Plan trip").getByRole("button", { name: "Plan trip", exact: true }).dblclick();
    const input = a2.page.getByRole("textbox", { name: "Task title" });
    await input.fill("Plan trip to Lis");
    // ...while device 1 completes it and adds another task.
    await a1.page.getByRole("checkbox", { name: "Plan trip", exact: true }).check();
    await a1.page.getByLabel("New task").fill("Pack bags");
    await a1.page.keyboard.press("Enter");
    await row(a2.page, "Pack bags").waitFor({ timeout: 2_000 });
    // The input is still there, focused, with what was typed; typing goes on.
    expect(await input.inputValue()).toBe("Plan trip to Lis");
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    await a2.page.keyboard.type("bon");
    expect(await input.inputValue()).toBe("Plan trip to Lisbon");

    // The detail editor too: a change from elsewhere leaves the open form alone.
    await a2.page.keyboard.press("Enter");
    await row(a2.page, "Water plants")
      .getByRole("button", { name: "Edit details of “Water plants”" })
      .click();
    const dialog = a2.page.getByRole("dialog", { name: "Edit task" });
    await dialog.getByLabel("Description").fill("Ferns first");
    const [water] = (await tasksOf(a1.context)).filter((task) => task.title === "Water plants");
    await callApi(a1.context, stack, "PATCH", `/api/tasks/${water?.id}`, { priority: "high" });
    await a2.page.waitForTimeout(700);
    expect(await dialog.getByLabel("Description").inputValue()).toBe("Ferns first");
    await dialog.getByRole("button", { name: "Save" }).click();

    // Both changes are kept: the description typed here and the priority set there.
    await expect
      .poll(async () => (await tasksOf(a1.context)).find((task) => task.title === "Water plants"), {
        timeout: 5_000,
      })
      .toMatchObject({ description: "Ferns first", priority: "high" });
    await expect
      .poll(async () => (await tasksOf(a1.context)).map((task) => task.title).sort(), { timeout: 5_000 })
      .toEqual(["Pack bags", "Plan trip to Lisbon", "Water plants"]);
    await Promise.all([a1.context.close(), a2.context.close()]);
  });

  it("keeps working offline, says so with the number of changes waiting, and sends exactly those changes when back", async () => {
    const { context, page } = await signedIn(browser, stack, person("Cy"), UTC);
    await createTasks(context, stack, [{ title: "Call mum" }, { title: "Fix bike" }]);
    await openLive(page);
    await waitForTitles(page, ["Fix bike", "Call mum"]);
    const before = await tasksOf(context);

    await context.setOffline(true);
    const banner = page.locator(".offline-banner");
    await expect.poll(() => banner.textContent()).toContain("offline");

    await page.getByLabel("New task").fill("Buy stamps");
    await page.keyboard.press("Enter");
    await page.getByRole("checkbox", { name: "Call mum", exact: true }).check();
    await row(page, "Fix bike").getByRole("button", { name: "Fix bike", exact: true }).dblclick();
    await page.getByRole("textbox", { name: "Task title" }).fill("Fix bike brakes");
    await page.keyboard.press("Enter");

    // The page shows all three at once, and says they wait.
    await row(page, "Buy stamps").waitFor();
    await row(page, "Fix bike brakes").waitFor();
    expect(await page.getByRole("checkbox", { name: "Call mum", exact: true }).isChecked()).toBe(true);
    await expect.poll(() => banner.textContent()).toMatch(/offline.*\b3 changes\b/);
    expect(await banner.getAttribute("role")).toBe("status");
    expect(await seriousA11yProblems(page)).toEqual([]);

    await context.setOffline(false);
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toBe("");

    const after = await tasksOf(context);
    expect(after).toHaveLength(3);
    const byTitle = new Map(after.map((task) => [task.title, task]));
    expect(byTitle.get("Buy stamps")).toMatchObject({ completed: false, version: 1 });
    expect(byTitle.get("Call mum")).toMatchObject({ completed: true, version: 2 });
    expect(byTitle.get("Fix bike brakes")).toMatchObject({ completed: false, version: 2 });
    // The same tasks as before (ids kept), each changed once.
    const ids = new Set(before.map((task) => task.id));
    expect(
      after
        .filter((task) => ids.has(task.id))
        .map((task) => task.title)
        .sort(),
    ).toEqual(["Call mum", "Fix bike brakes"]);
    await context.close();
  });

  it("sends a change that a reload cut off from the next page, without waiting for another change", async () => {
    const { context, page } = await signedIn(browser, stack, person("Eli"), UTC);
    await createTasks(context, stack, [{ title: "Water plants" }]);
    await openLive(page);
    await waitForTitles(page, ["Water plants"]);

    // The rename leaves the page but never reaches the server: the reload cuts it off.
    let cutOff = false;
    await page.route(`${stack.api}/api/tasks/*`, (route) => {
      if (route.request().method() !== "PATCH" || cutOff) return route.continue();
      // The first PATCH is never answered, nor sent on: the reload abandons it.
      cutOff = true;
    });
    await row(page, "Water plants").getByRole("button", { name: "Water plants", exact: true }).dblclick();
    await page.getByRole("textbox", { name: "Task title" }).fill("Water the plants");
    await page.keyboard.press("Enter");
    await expect.poll(() => cutOff).toBe(true);
    expect((await tasksOf(context)).map((task) => task.title)).toEqual(["Water plants"]);

    await page.reload();
    // The new page finds the rename the old one wrote down, sends it, and shows it.
    await expect
      .poll(async () => (await tasksOf(context)).map((task) => task.title), { timeout: 10_000 })
      .toEqual(["Water the plants"]);
    await waitForTitles(page, ["Water the plants"]);
    await context.close();
  });

  it("shows both versions when an offline edit meets a change made elsewhere, and keeps the one chosen", async () => {
    const { context, page } = await signedIn(browser, stack, person("Di"), UTC);
    const [task] = await createTasks(context, stack, [{ title: "Draft" }]);
    await openLive(page);

    await context.setOffline(true);
    await page.locator(".offline-banner", { hasText: "offline" }).waitFor();
    await row(page, "Draft").getByRole("button", { name: "Draft", exact: true }).dblclick();
    await page.getByRole("textbox", { name: "Task title" }).fill("Mine");
    await page.keyboard.press("Enter");
    await row(page, "Mine").waitFor();

    // Meanwhile, another device renames it (this request is not the page's, so it goes through).
    await callApi(context, stack, "PATCH", `/api/tasks/${task?.id}`, { title: "Theirs" });

    await context.setOffline(false);
    const dialog = page.getByRole("dialog", { name: "This task was changed elsewhere" });
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.locator("[data-version='mine']").textContent()).toContain("Mine");
    expect(await dialog.locator("[data-version='theirs']").textContent()).toContain("Theirs");
    expect(await seriousA11yProblems(page)).toEqual([]);

    await dialog.getByRole("button", { name: "Keep mine" }).click();
    await expect
      .poll(async () => (await tasksOf(context)).map((item) => item.title), { timeout: 5_000 })
      .toEqual(["Mine"]);
    await row(page, "Mine").waitFor();
    await context.close();
  });

  it("sets reminders in the task editor: at a time, or minutes before a timed due", async () => {
    const { context, page } = await signedIn(browser, stack, person("Ed"), UTC);
    await createTasks(context, stack, [{ title: "Dentist", dueAt: "2099-05-01T10:00:00Z" }]);
    await openLive(page);
    await row(page, "Dentist").getByRole("button", { name: "Edit details of “Dentist”" }).click();
    const dialog = page.getByRole("dialog", { name: "Edit task" });
    await dialog.getByRole("button", { name: "Remind before the due" }).click();
    await dialog.getByRole("spinbutton", { name: "Reminder 1: minutes before the due" }).fill("30");
    await dialog.getByRole("button", { name: "Remind at a time" }).click();
    await dialog.getByLabel("Reminder 2 day").fill("2099-04-30");
    await dialog.getByLabel("Reminder 2 time").fill("18:00");
    expect(await seriousA11yProblems(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect
      .poll(async () => (await tasksOf(context))[0]?.reminders, { timeout: 5_000 })
      .toEqual([{ before: 30 }, { at: "2099-04-30T18:00:00.000Z" }]);
    await context.close();
  });

  it("shows a reminder that fires while the page is open, in a status region", async () => {
    const { context, page } = await signedIn(browser, stack, person("Gil"), UTC);
    await openLive(page);
    const at = new Date(Date.now() + 3_000).toISOString();
    await createTasks(context, stack, [{ title: "Take the cake out", reminders: [{ at }] }]);
    const notice = page.locator(".reminder-notice", { hasText: "Take the cake out" });
    // The scheduler fires within 5 s of the time; the event reaches the page within 1 s.
    await notice.waitFor({ timeout: 15_000 });
    expect(await page.getByRole("status", { name: "Reminders" }).locator(".reminder-notice").count()).toBe(1);
    expect(await seriousA11yProblems(page)).toEqual([]);
    await notice.getByRole("button", { name: "Dismiss the reminder for “Take the cake out”" }).click();
    await notice.waitFor({ state: "detached" });
    await context.close();
  });

  it("is installable: manifest, service worker and icons are served, and the worker takes over", async () => {
    const { context, page } = await signedIn(browser, stack, person("Flo"), UTC);
    const manifest = await context.request.get(`${stack.web}/manifest.webmanifest`);
    expect(manifest.status()).toBe(200);
    expect(manifest.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
    const body = (await manifest.json()) as { name: string; icons: { src: string }[]; start_url: string };
    expect(body).toMatchObject({ name: "Todo", start_url: "/tasks" });
    for (const icon of body.icons) {
      const response = await context.request.get(`${stack.web}${icon.src}`);
      expect(response.status(), icon.src).toBe(200);
      expect(response.headers()["content-type"]).toMatch(/^image\//);
    }
    const worker = await context.request.get(`${stack.web}/sw.js`);
    expect(worker.status()).toBe(200);
    expect(worker.headers()["content-type"]).toMatch(/^(application|text)\/javascript/);
    const favicon = await context.request.get(`${stack.web}/favicon.ico`);
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);

    await openLive(page);
    // The CSP lets the worker in (worker-src 'self'), and it controls the page once active.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${stack.web}/`);
    expect(await page.locator("link[rel='manifest']").getAttribute("href")).toBe("/manifest.webmanifest");
    expect(await cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
