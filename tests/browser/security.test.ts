// The web app's browser-side defences (issue 4, item 3), checked on the real
// stack: the headers on every kind of response, Chromium enforcing them, task
// text that stays text, and how the page holds its tokens.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chromiumPath,
  createTasks,
  cspViolationsOf,
  launchBrowser,
  newContext,
  openTasks,
  row,
  type Stack,
  signedIn,
  startStack,
  titles,
} from "./harness";

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = "", ...values] = part.split(/\s+/);
        return [name, values.join(" ")];
      }),
  );
}

const HOSTILE = {
  script: `<script>window.__xss = "script"</script>`,
  img: `<img src=x onerror="window.__xss = 'img'">`,
  description: `<svg onload="window.__xss = 'svg'"></svg><a href="javascript:window.__xss='a'">link</a>`,
  tag: `<b onclick=alert(1)>`,
};

describe.skipIf(!chromiumPath)("browser-side defences", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("sends the security headers on pages, redirects, the auth API, 404s and static files", async () => {
    const html = await fetch(`${stack.web}/sign-in`);
    const page = await html.text();
    const chunk = /src="(\/_next\/static\/chunks\/[^"]+\.js)"/.exec(page)?.[1];
    expect(chunk).toBeDefined();
    const responses = {
      page: html,
      landing: await fetch(`${stack.web}/`),
      redirect: await fetch(`${stack.web}/tasks`, { redirect: "manual" }),
      authApi: await fetch(`${stack.web}/api/auth/jwks`),
      notFound: await fetch(`${stack.web}/no-such-page`),
      staticFile: await fetch(`${stack.web}${chunk}`),
    };
    expect(responses.redirect.status).toBe(307);
    expect(responses.notFound.status).toBe(404);

    for (const [kind, response] of Object.entries(responses)) {
      const headers = response.headers;
      expect(headers.get("x-content-type-options"), kind).toBe("nosniff");
      expect(headers.get("referrer-policy"), kind).toBe("strict-origin-when-cross-origin");
      expect(headers.get("permissions-policy"), kind).toContain("camera=()");
      expect(headers.get("x-frame-options"), kind).toBe("DENY");
      // Served over plain http here: HSTS would be wrong (and ignored).
      expect(headers.get("strict-transport-security"), kind).toBeNull();
      if (kind === "staticFile") continue;
      const csp = directives(headers.get("content-security-policy") ?? "");
      expect(csp.get("frame-ancestors"), kind).toBe("'none'");
      expect(csp.get("script-src"), kind).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'$/);
      expect(csp.get("connect-src"), kind).toBe(`'self' ${stack.api}`);
      expect(headers.get("content-security-policy"), kind).not.toMatch(/unsafe-eval|unsafe-inline/);
    }
  });

  it("puts this response's nonce on every script, and a new one on every response", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${stack.web}/sign-in`);
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
      expect(nonce).toBeDefined();
      nonces.add(nonce ?? "");
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  it("runs every page in Chromium without a single CSP violation", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [
      { title: "Check", priority: "high", tags: ["x"], dueAt: new Date().toISOString() },
    ]);
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    for (const pathname of ["/tasks", "/account", "/no-such-page"]) {
      await page.goto(`${stack.web}${pathname}`);
      await page.locator("main h1").waitFor();
      if (pathname === "/tasks") await page.getByText("Check").waitFor();
      expect(await cspViolationsOf(page), pathname).toEqual([]);
    }
    const anonymous = await (await newContext(browser)).newPage();
    for (const pathname of ["/", "/sign-in", "/sign-up"]) {
      await anonymous.goto(`${stack.web}${pathname}`);
      await anonymous.locator("main h1").waitFor();
      expect(await cspViolationsOf(anonymous), pathname).toEqual([]);
    }
    // The 404 page's own request is the only error a browser logs here.
    expect(errors.filter((text) => !text.includes("404"))).toEqual([]);
  });

  it("shows stored <script> and <img onerror> task text as characters, and none of it runs", async () => {
    const { context, page } = await signedIn(browser, stack);
    await createTasks(context, stack, [
      { title: HOSTILE.script, description: HOSTILE.description, tags: [HOSTILE.tag] },
      { title: HOSTILE.img },
    ]);
    await openTasks(page, stack);
    expect(await titles(page)).toEqual([HOSTILE.img, HOSTILE.script]);
    expect(await row(page, HOSTILE.script).locator(".chip").textContent()).toBe(
      `#${HOSTILE.tag.toLowerCase()}`,
    );

    // Typed in by hand, too.
    const typed = `<img src=y onerror="window.__xss='typed'">`;
    await page.getByLabel("New task").fill(typed);
    await page.getByLabel("New task").press("Enter");
    await page.getByRole("button", { name: typed, exact: true }).waitFor();

    // The description, in the editor; a title, in the Undo toast.
    await page.getByRole("button", { name: `Edit details of “${HOSTILE.script}”`, exact: true }).click();
    expect(await page.getByRole("dialog").getByLabel("Description").inputValue()).toBe(HOSTILE.description);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: `Delete “${HOSTILE.img}”`, exact: true }).click();
    await page.getByText(`Deleted “${HOSTILE.img}”.`).waitFor();

    const outcome = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: string }).__xss,
      injected: document.querySelectorAll(
        "main img, main svg[onload], main b, main script, main a[href^='javascript']",
      ).length,
    }));
    expect(outcome).toEqual({ xss: undefined, injected: 0 });
    // Nothing was even attempted: React wrote text, so the CSP had nothing to block.
    expect(await cspViolationsOf(page)).toEqual([]);
  });

  it("cannot be framed by another site", async () => {
    const page = await (await newContext(browser)).newPage();
    await page.setContent(`<iframe title="framed" src="${stack.web}/sign-in"></iframe>`);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    // Chromium replaces a refused frame with its own error page: the sign-in form never appears.
    expect(frame?.url()).toMatch(/^chrome-error:/);
    expect(await frame?.locator("form").count()).toBe(0);
  });

  it("calls the API with a Bearer token and no cookies, and keeps the token out of storage", async () => {
    const { page } = await signedIn(browser, stack);
    const apiCalls: Record<string, string>[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith(stack.api) && request.method() !== "OPTIONS")
        apiCalls.push(request.headers());
    });
    await openTasks(page, stack);
    await page.getByLabel("New task").fill("Tokens stay in memory");
    await Promise.all([
      page.waitForResponse((response) => response.request().method() === "POST"),
      page.getByLabel("New task").press("Enter"),
    ]);

    expect(apiCalls.length).toBeGreaterThanOrEqual(2);
    for (const headers of apiCalls) {
      expect(headers.authorization).toMatch(/^Bearer ey/);
      expect(headers.cookie).toBeUndefined();
    }
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie,
    );
    expect(stored).not.toContain("eyJ");
  });
});
