// Shared by the browser tests: the real stack (`node scripts/start.mjs`, as
// `npm start` runs it) on a fresh embedded database, Debian's Chromium driven
// by playwright-core, and axe-core.

import path from "node:path";
import { CHROMIUM_ARGS } from "@todo/testing/chromium";
import { root, startStack as startRealStack } from "@todo/testing/stack";
import axe from "axe-core";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { inject } from "vitest";

export { root };
export const resultsDir = path.join(root, "test-results");

/** Chromium's path, or null when the browser tests are to be skipped (decided once, in global-setup.ts). */
export const chromiumPath = inject("chromiumPath");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath ?? undefined, args: CHROMIUM_ARGS });
}

// --- the stack ----------------------------------------------------------------

/** The real stack (@todo/testing/stack); `stop` ends it and deletes its data. */
export interface Stack {
  web: string;
  api: string;
  log: () => string;
  stop: () => Promise<void>;
}

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const stack = await startRealStack(env);
  return { web: stack.web, api: stack.api, log: stack.log, stop: stack.dispose };
}

// --- people -------------------------------------------------------------------

export interface Person {
  name: string;
  email: string;
  password: string;
}

let people = 0;

export function person(name: string): Person {
  people += 1;
  return {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}-${people}@example.test`,
    password: `a long passphrase ${people}`,
  };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  user: Person;
  /** CSP violations the page reported, as "directive blocked-uri". */
  cspViolations: () => Promise<string[]>;
}

/** A fresh browser context (its own cookies: one "device") that watches for CSP violations. */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  // Added through the DevTools protocol, so the page's own CSP does not apply to it.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  return context;
}

export async function cspViolationsOf(page: Page): Promise<string[]> {
  return page.evaluate(() => [...((window as unknown as { __csp?: string[] }).__csp ?? [])]);
}

/** Signs `user` up over HTTP (quicker than the form, which has its own test) and opens a page. */
export async function signedIn(
  browser: Browser,
  stack: Stack,
  user = person("Ada"),
  options: Parameters<Browser["newContext"]>[0] = {},
): Promise<Session> {
  const context = await newContext(browser, options);
  const response = await context.request.post(`${stack.web}/api/auth/sign-up/email`, {
    data: user,
    headers: { origin: stack.web },
  });
  if (!response.ok()) throw new Error(`sign-up failed: ${response.status()} ${await response.text()}`);
  const page = await context.newPage();
  return { context, page, user, cspViolations: () => cspViolationsOf(page) };
}

/** A session cookie-holder for calling the API directly, to set up data quickly. */
export async function apiToken(context: BrowserContext, stack: Stack): Promise<string> {
  const response = await context.request.get(`${stack.web}/api/auth/token`);
  if (!response.ok()) throw new Error(`token: ${response.status()}`);
  return ((await response.json()) as { token: string }).token;
}

/** Calls the task API as the context's user (to set up data, or read what the page saved). */
export async function callApi<T = unknown>(
  context: BrowserContext,
  stack: Stack,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  data?: unknown,
): Promise<{ status: number; body: T }> {
  const token = await apiToken(context, stack);
  const response = await context.request.fetch(`${stack.api}${path}`, {
    method,
    data,
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return { status: response.status(), body: (text ? JSON.parse(text) : undefined) as T };
}

export async function createTasks(
  context: BrowserContext,
  stack: Stack,
  tasks: Record<string, unknown>[],
): Promise<{ id: string; title: string }[]> {
  const token = await apiToken(context, stack);
  const created: { id: string; title: string }[] = [];
  for (const task of tasks) {
    const response = await context.request.post(`${stack.api}/api/tasks`, {
      data: task,
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status() !== 201) throw new Error(`create: ${response.status()} ${await response.text()}`);
    created.push((await response.json()) as { id: string; title: string });
  }
  return created;
}

// --- page helpers -------------------------------------------------------------

/** The list's row for a task title. */
export function row(page: Page, title: string): Locator {
  return page.locator("li.task", { has: page.getByRole("button", { name: title, exact: true }) });
}

/** The titles on screen, in order. */
export async function titles(page: Page): Promise<string[]> {
  return page.locator("li.task .task-title").allTextContents();
}

/** Opens /tasks (with an optional query) and waits until the first page of tasks is on screen. */
export async function openTasks(page: Page, stack: Stack, search = ""): Promise<void> {
  await page.goto(`${stack.web}/tasks${search}`);
  await page.waitForFunction(() => {
    const main = document.querySelector("main .tasks");
    return main && !main.querySelector("[aria-busy='true']");
  });
}

export async function waitForTitles(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (want) =>
        JSON.stringify([...document.querySelectorAll("li.task .task-title")].map((el) => el.textContent)) ===
        JSON.stringify(want),
      expected,
      { timeout: 10_000 },
    )
    .catch(async () => {
      throw new Error(
        `expected titles ${JSON.stringify(expected)}, got ${JSON.stringify(await titles(page))}`,
      );
    });
}

// --- axe-core -----------------------------------------------------------------

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousA11yProblems(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol, so the page's CSP does not block it.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}
