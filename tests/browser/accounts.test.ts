// Accounts and sessions in Chromium, against the real stack: the forms, the
// guards, two people side by side, ended and expired sessions, and the
// account page. Access tokens live 31 seconds here (the client refreshes 30
// seconds early, so it keeps each one for about a second): that makes an
// ended session show within a second, and lets the last test meet a token
// that has really expired.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiToken,
  chromiumPath,
  createTasks,
  cspViolationsOf,
  launchBrowser,
  newContext,
  openTasks,
  type Person,
  person,
  type Stack,
  seriousA11yProblems,
  signedIn,
  startStack,
  titles,
  waitForTitles,
} from "./harness";

const TOKEN_LIFETIME_MS = 31_000;

describe.skipIf(!chromiumPath)("accounts and sessions in the browser", () => {
  let stack: Stack;
  let browser: Browser;
  /** A page that got its access token when the file started, then sat idle. */
  let idle: { page: Page; tokenAtBrowserTime: number; tokenAtRealTime: number };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ JWT_EXPIRES_IN: "31s" }), launchBrowser()]);
    const session = await signedIn(browser, stack, person("Idle"));
    // The page's clock is Playwright's, so the last test can set it back.
    await session.context.clock.install();
    await openTasks(session.page, stack);
    idle = {
      page: session.page,
      tokenAtBrowserTime: await session.page.evaluate(() => Date.now()),
      tokenAtRealTime: Date.now(),
    };
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** A second "device" signed in as `user` over HTTP. */
  async function device(user: Person): Promise<BrowserContext> {
    const context = await newContext(browser);
    const response = await context.request.post(`${stack.web}/api/auth/sign-in/email`, {
      data: { email: user.email, password: user.password },
      headers: { origin: stack.web },
    });
    expect(response.status()).toBe(200);
    return context;
  }

  async function hasSession(context: BrowserContext): Promise<boolean> {
    const response = await context.request.get(`${stack.web}/api/auth/get-session`);
    return response.ok() && (await response.json()) !== null;
  }

  async function signInThroughForm(page: Page, user: Person) {
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }

  it("signs up, signs out and signs in through the forms; a wrong password shows an error", async () => {
    const user = person("Grace");
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(stack.web);
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL(/\/sign-up$/);
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/tasks$/);
    await page.getByRole("heading", { name: "Inbox", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await hasSession(context)).toBe(false);

    await signInThroughForm(page, { ...user, password: "not the password" });
    const error = page.getByText("Wrong email or password.");
    await error.waitFor();
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    expect(await error.getAttribute("role")).toBe("alert");
    expect(page.url()).toMatch(/\/sign-in$/);

    // A slow answer: the button shows it is busy, and a second click sends nothing more.
    let attempts = 0;
    await page.route(`${stack.web}/api/auth/sign-in/email`, async (route) => {
      attempts += 1;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const busy = page.getByRole("button", { name: "Signing in…" });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    await page.evaluate(() => document.querySelector("form")?.requestSubmit());
    await page.waitForURL(/\/tasks$/);
    expect(attempts).toBe(1);
  });

  it("shows the server's objections at their field: email taken, common password, short password", async () => {
    const { user } = await signedIn(browser, stack, person("Taken"));
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${stack.web}/sign-up`);
    const fill = async (email: string, password: string) => {
      await page.getByLabel("Name").fill("Someone");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Create account" }).click();
    };

    await fill(user.email, "another long passphrase");
    await page.getByText("An account with this email already exists.").waitFor();
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");

    await fill(person("New").email, "sunshine");
    await page.getByText(/most common/).waitFor();
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");

    await fill(person("New").email, "short");
    await page.getByText("Use at least 8 characters.").waitFor();
    expect(page.url()).toMatch(/\/sign-up$/);
  });

  it("sends signed-out visitors to sign-in, then back to the page and view they asked for", async () => {
    const { user } = await signedIn(browser, stack, person("Returning"));
    const context = await newContext(browser);
    const page = await context.newPage();

    await page.goto(`${stack.web}/account`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/account");

    await page.goto(`${stack.web}/tasks?status=completed&sort=title`);
    const signIn = new URL(page.url());
    expect(signIn.pathname).toBe("/sign-in");
    expect(signIn.searchParams.get("next")).toBe("/tasks?status=completed&sort=title");
    await signInThroughForm(page, user);
    await page.waitForURL((url) => url.pathname === "/tasks");
    expect(new URL(page.url()).search).toBe("?status=completed&sort=title");
    expect(await page.getByRole("link", { name: "Completed" }).getAttribute("aria-current")).toBe("page");

    // Signed in, the public pages send you on to your tasks.
    await page.goto(`${stack.web}/sign-in`);
    await page.waitForURL(/\/tasks$/);
  });

  it("keeps two people's tasks apart, side by side in two browser contexts", async () => {
    const ada = await signedIn(browser, stack, person("Ada"));
    const bo = await signedIn(browser, stack, person("Bo"));
    await Promise.all([openTasks(ada.page, stack), openTasks(bo.page, stack)]);
    for (const [session, title] of [
      [ada, "Ada's secret plan"],
      [bo, "Bo's shopping list"],
    ] as const) {
      await session.page.getByLabel("New task").fill(title);
      await Promise.all([
        session.page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 201),
        session.page.getByLabel("New task").press("Enter"),
      ]);
    }
    await Promise.all([ada.page.reload(), bo.page.reload()]);
    await waitForTitles(ada.page, ["Ada's secret plan"]);
    await waitForTitles(bo.page, ["Bo's shopping list"]);

    // Bo, holding the id of Ada's task, still cannot see it.
    const [adaTask] = await ada.page.evaluate(() =>
      [...document.querySelectorAll("li.task")].map((li) => li.getAttribute("data-task-id")),
    );
    const boToken = await apiToken(bo.context, stack);
    const peek = await bo.context.request.get(`${stack.api}/api/tasks/${adaTask}`, {
      headers: { authorization: `Bearer ${boToken}` },
    });
    expect(peek.status()).toBe(404);
  });

  it("an ended session sends the user to sign-in, and what they typed survives", async () => {
    const laptop = await signedIn(browser, stack, person("Busy"));
    await openTasks(laptop.page, stack);
    const tokenFetchedAt = Date.now();
    const phone = await device(laptop.user);
    const phonePage = await phone.newPage();
    await phonePage.goto(`${stack.web}/account`);
    await phonePage.getByRole("button", { name: "Sign out of all devices" }).click();
    await phonePage.waitForURL(/\/sign-in$/);

    // A token already issued stays good until it expires (SPEC §3); the
    // laptop's is kept about a second here, so be sure it has to ask again.
    const keptFor = tokenFetchedAt + 2_000 - Date.now();
    if (keptFor > 0) await new Promise((resolve) => setTimeout(resolve, keptFor));
    // The laptop still has the page open, types, and presses Enter.
    await laptop.page.getByLabel("New task").fill("Call the bank about the card");
    await laptop.page.getByLabel("New task").press("Enter");
    await laptop.page.waitForURL((url) => url.pathname === "/sign-in");
    const url = new URL(laptop.page.url());
    expect(url.searchParams.get("next")).toBe("/tasks");
    await laptop.page.getByText("Your session has ended.").waitFor();

    await signInThroughForm(laptop.page, laptop.user);
    await laptop.page.waitForURL(/\/tasks$/);
    await laptop.page.getByText(/Restored what you had not saved/).waitFor();
    expect(await laptop.page.getByLabel("New task").inputValue()).toBe("Call the bank about the card");
    await laptop.page.getByLabel("New task").press("Enter");
    await waitForTitles(laptop.page, ["Call the bank about the card"]);
  });

  it("never restores one person's unsent task to someone else who signs in in the same tab", async () => {
    const first = await signedIn(browser, stack, person("Leaving"));
    const second = person("Arriving");
    const signUpSecond = await first.context.request.post(`${stack.web}/api/auth/sign-up/email`, {
      data: second,
      headers: { origin: stack.web },
    });
    expect(signUpSecond.status()).toBe(200);
    // That sign-up left the context signed in as the second person: back to the first.
    const back = await first.context.request.post(`${stack.web}/api/auth/sign-in/email`, {
      data: { email: first.user.email, password: first.user.password },
      headers: { origin: stack.web },
    });
    expect(back.status()).toBe(200);
    await openTasks(first.page, stack);
    const tokenFetchedAt = Date.now();

    const ended = await first.context.request.post(`${stack.web}/api/auth/revoke-sessions`, {
      data: {},
      headers: { origin: stack.web },
    });
    expect(ended.status()).toBe(200);
    const keptFor = tokenFetchedAt + 2_000 - Date.now();
    if (keptFor > 0) await new Promise((resolve) => setTimeout(resolve, keptFor));
    await first.page.getByLabel("New task").fill("My private reminder");
    await first.page.getByLabel("New task").press("Enter");
    await first.page.waitForURL((url) => url.pathname === "/sign-in");

    await signInThroughForm(first.page, second);
    await first.page.waitForURL(/\/tasks$/);
    await first.page.waitForFunction(() => {
      const main = document.querySelector("main .tasks");
      return main && !main.querySelector("[aria-busy='true']");
    });
    expect(await first.page.getByLabel("New task").inputValue()).toBe("");
    expect(await first.page.getByText(/Restored what you had not saved/).count()).toBe(0);
    expect(await first.page.content()).not.toContain("My private reminder");
    // Nor does it come back for its author later in this tab: it was dropped.
    expect(await first.page.evaluate(() => sessionStorage.getItem("todo:unsent-task"))).toBeNull();
  });

  it("changes the password: a wrong current or weak new one is refused at its field; other devices are signed out", async () => {
    const me = await signedIn(browser, stack, person("Careful"));
    const other = await device(me.user);
    const { page } = me;
    await page.goto(`${stack.web}/account`);
    const current = page.getByLabel("Current password");
    const fresh = page.getByLabel("New password");
    const submit = page.getByRole("button", { name: "Change password" });

    await current.fill("not my password");
    await fresh.fill("a brand new passphrase");
    await submit.click();
    await page.getByText("That is not your current password.").waitFor();
    expect(await current.getAttribute("aria-invalid")).toBe("true");

    await current.fill(me.user.password);
    await fresh.fill("short");
    await submit.click();
    await page.getByText("Use at least 8 characters.").waitFor();
    expect(await fresh.getAttribute("aria-invalid")).toBe("true");

    await fresh.fill("iloveyou");
    await submit.click();
    await page.getByText(/most common/).waitFor();

    await fresh.fill("a brand new passphrase");
    await submit.click();
    await page.getByText("Password changed.").waitFor();
    expect(await hasSession(other)).toBe(false);
    expect(await hasSession(me.context)).toBe(true);
    await page.reload();
    await page.getByRole("heading", { name: "Account", exact: true }).waitFor();

    const check = await newContext(browser);
    const again = await check.request.post(`${stack.web}/api/auth/sign-in/email`, {
      data: { email: me.user.email, password: "a brand new passphrase" },
      headers: { origin: stack.web },
    });
    expect(again.status()).toBe(200);
  });

  it("shows name and email, and signs out of all devices", async () => {
    const me = await signedIn(browser, stack, person("Leaving"));
    const other = await device(me.user);
    await me.page.goto(`${stack.web}/account`);
    await me.page.getByText(me.user.email, { exact: true }).waitFor();
    await me.page.getByText(me.user.name, { exact: true }).first().waitFor();
    await me.page.getByRole("button", { name: "Sign out of all devices" }).click();
    await me.page.waitForURL(/\/sign-in$/);
    expect(await hasSession(me.context)).toBe(false);
    expect(await hasSession(other)).toBe(false);
  });

  it("deletes the account and its tasks, after asking for the password", async () => {
    const me = await signedIn(browser, stack, person("Gone"));
    await createTasks(me.context, stack, [{ title: "One" }, { title: "Two" }]);
    // A token from before the deletion is still valid for a few seconds: it shows what the API holds.
    const token = await apiToken(me.context, stack);
    const { page } = me;
    await page.goto(`${stack.web}/account`);
    await page.getByRole("button", { name: "Delete account…" }).click();
    const password = page.getByLabel("Your password");
    expect(await password.evaluate((element) => element === document.activeElement)).toBe(true);

    await password.fill("not my password");
    await page.getByRole("button", { name: "Delete my account and tasks" }).click();
    await page.getByText("That is not your password.").waitFor();

    await password.fill(me.user.password);
    await page.getByRole("button", { name: "Delete my account and tasks" }).click();
    await page.waitForURL((url) => url.pathname === "/" && url.searchParams.get("account") === "deleted");
    await page.getByText("Your account and all of its tasks have been deleted.").waitFor();

    const left = await me.context.request.get(`${stack.api}/api/tasks`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await left.json()) as { items: unknown[] }).items).toEqual([]);
    const signIn = await me.context.request.post(`${stack.web}/api/auth/sign-in/email`, {
      data: { email: me.user.email, password: me.user.password },
      headers: { origin: stack.web },
    });
    expect(signIn.status()).toBe(401);
  });

  it("has no serious or critical axe-core findings on the public and account pages", async () => {
    const problems: Record<string, unknown> = {};
    const me = await signedIn(browser, stack, person("Checked"));
    const anonymous = await (await newContext(browser)).newPage();
    const visit = async (page: Page, label: string, pathname: string, prepare?: () => Promise<void>) => {
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${stack.web}${pathname}`);
        await page.locator("main h1").waitFor();
        await prepare?.();
        const found = await seriousA11yProblems(page);
        if (found.length > 0) problems[`${label}, ${scheme}`] = found;
        expect(await cspViolationsOf(page)).toEqual([]);
      }
    };
    await visit(anonymous, "landing", "/");
    await visit(anonymous, "sign-in with an error", "/sign-in", async () => {
      await anonymous.getByRole("button", { name: "Sign in" }).click();
      await anonymous.getByText("Enter your email address.").waitFor();
    });
    await visit(anonymous, "sign-up", "/sign-up");
    await visit(anonymous, "not found", "/no-such-page");
    await visit(me.page, "account", "/account", async () => {
      await me.page.getByRole("button", { name: "Delete account…" }).click();
      await me.page.getByLabel("Your password").waitFor();
    });
    expect(problems).toEqual({});
  });

  it("refreshes an expired access token silently and retries the call (last: its token has had time to expire)", async () => {
    const { page } = idle;
    const wait = idle.tokenAtRealTime + TOKEN_LIFETIME_MS + 2_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Back to before the token's refresh time on the page's clock: the page
    // still trusts the token it holds, which the API now finds expired.
    await page.clock.setSystemTime(idle.tokenAtBrowserTime - 60_000);

    const calls: string[] = [];
    const keys: string[] = [];
    page.on("response", (response) => {
      const request = response.request();
      const url = new URL(response.url());
      if (url.pathname === "/api/auth/token" || url.pathname === "/api/tasks") {
        calls.push(`${request.method()} ${url.pathname} ${response.status()}`);
        if (request.method() === "POST") keys.push(request.headers()["idempotency-key"] ?? "");
      }
    });
    await page.getByLabel("New task").fill("Made with a fresh token");
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.status() === 201),
      page.getByLabel("New task").press("Enter"),
    ]);
    await waitForTitles(page, ["Made with a fresh token"]);
    expect(calls).toEqual(["POST /api/tasks 401", "GET /api/auth/token 200", "POST /api/tasks 201"]);
    expect(keys[0]).toBe(keys[1]);
    expect(await page.locator(".toast-error").count()).toBe(0);
    expect(await titles(page)).toEqual(["Made with a fresh token"]);
  });
});
