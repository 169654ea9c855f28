// The account page's reminders and "Your data" sections in Chromium, against
// the real stack (SPEC §9–§10, issue 14 item 3): the JSON export downloads the
// user's tasks, a small Todoist CSV imports with its counts and line errors,
// the calendar feed is made (URL shown once, copied), replaced and revoked;
// no notification permission is asked for on load; axe-core clean.
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  chromiumPath,
  createTasks,
  cspViolationsOf,
  launchBrowser,
  person,
  type Stack,
  seriousA11yProblems,
  signedIn,
  startStack,
} from "./harness";

describe.skipIf(!chromiumPath)("the account page's data and reminders", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("exports JSON with the user's tasks, imports a CSV with counts, and makes, copies and revokes the calendar feed", async () => {
    const { context, page } = await signedIn(browser, stack, person("Gus"), { timezoneId: "UTC" });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.web });
    await createTasks(context, stack, [
      { title: "Renew passport" },
      { title: "Book flights", dueDate: "2099-01-02" },
    ]);
    await page.goto(`${stack.web}/account`);
    const data = page.getByRole("region", { name: "Your data" });
    await data.waitFor();

    // Export: a real download, holding this user's tasks.
    const downloading = page.waitForEvent("download");
    await data.getByRole("button", { name: "Export JSON" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^todo-export-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as {
      schemaVersion: number;
      tasks: { title: string }[];
    };
    expect(exported.schemaVersion).toBe(1);
    expect(exported.tasks.map((task) => task.title).sort()).toEqual(["Book flights", "Renew passport"]);

    // Import: a small Todoist CSV; the result counts what was made.
    const csv = [
      "TYPE,CONTENT,DESCRIPTION,PRIORITY,INDENT,AUTHOR,RESPONSIBLE,DATE,DATE_LANG,TIMEZONE",
      "task,Water the garden @home,,4,1,,,,en,UTC",
      "task,Call the bank,,1,1,,,,en,UTC",
    ].join("\n");
    await data.getByLabel("File to import").setInputFiles({
      name: "todoist.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await data.getByRole("button", { name: "Import", exact: true }).click();
    const result = data.locator(".import-result");
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/Imported 2 tasks/);
    const titles = (
      await callApi<{ items: { title: string }[] }>(context, stack, "GET", "/api/tasks?limit=100")
    ).body.items.map((task) => task.title);
    expect(titles).toEqual(expect.arrayContaining(["Water the garden", "Call the bank"]));

    // Calendar feed: says what it exposes; made, shown once, copied, revoked.
    expect(await data.textContent()).toContain("Anyone who has the link can see your open tasks");
    await data.getByRole("button", { name: "Create feed address" }).click();
    const address = data.getByRole("textbox", { name: "Feed address" });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/^http:\/\/.+\/calendar\/.+\.ics$/);
    const feed = await context.request.get(url);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain("Book flights");
    await data.getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    expect(await seriousA11yProblems(page)).toEqual([]);

    await data.getByRole("button", { name: "Revoke feed" }).click();
    await address.waitFor({ state: "detached" });
    expect((await context.request.get(url)).status()).toBe(404);
    await data.getByRole("button", { name: "Create feed address" }).waitFor();
    expect(await cspViolationsOf(page)).toEqual([]);
    await context.close();
  });

  it("asks for no notification permission on load, offers email reminders when the server sends email, and is axe clean", async () => {
    const { context, page } = await signedIn(browser, stack, person("Hal"));
    await page.goto(`${stack.web}/account`);
    const reminders = page.getByRole("region", { name: "Reminders" });
    await reminders.getByRole("checkbox", { name: "Reminders on this device" }).waitFor();
    expect(await page.evaluate(() => Notification.permission)).toBe("default");
    const email = reminders.getByRole("checkbox", { name: "Email reminders" });
    await page.waitForFunction(() => !document.querySelector("[aria-busy='true']"));
    const settings = (
      await callApi<{ emailAvailable: boolean }>(context, stack, "GET", "/api/notification-settings")
    ).body;
    if (settings.emailAvailable) {
      await email.check();
      await expect
        .poll(async () => (await callApi(context, stack, "GET", "/api/notification-settings")).body)
        .toMatchObject({ emailReminders: true });
    } else {
      expect(await email.isDisabled()).toBe(true);
      expect(await reminders.textContent()).toContain("does not send email");
    }
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(await seriousA11yProblems(page), scheme).toEqual([]);
    }
    expect(await cspViolationsOf(page)).toEqual([]);
    await context.close();
  });
});
