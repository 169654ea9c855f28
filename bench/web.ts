// `npm run bench:web`: the web app's weight and Lighthouse scores.
//
//  1. First-load JS per page, computed from the files `next build` wrote
//     (not from its console output): the build manifest's rootMainFiles
//     (framework, runtime) plus the page's and its layouts' entryJSFiles from
//     the page's client reference manifest, each file gzipped (level 9, as
//     Next reports). Cross-checked against the <script src> tags the signed-in
//     /tasks page actually serves.
//  2. The real stack (`node scripts/start.mjs`, fresh DATA_DIR, free ports,
//     AUTH_RATE_LIMIT=0, API_RATE_LIMIT=0); a user signs up through the web
//     app and creates 200 tasks through the API.
//  3. Lighthouse 12 (Node API, Debian Chromium via chrome-launcher) on
//     /sign-in and on /tasks signed in (the session cookie as an extra
//     header): performance and accessibility, with Lighthouse's default
//     (mobile, simulated throttling) and desktop settings.
//
// Builds nothing itself: run `npm run build` first. (scripts/start.mjs
// rebuilds on its own if the sources are newer than the build.)
// Settings: CHROME_PATH (default /usr/bin/chromium), BENCH_WEB_TASKS (200),
// BENCH_WEB_FORM_FACTORS ("mobile,desktop").

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH } from "@todo/testing/chromium";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";
import { freePort, type NodeChild, root, startNode, waitForHttp } from "./lib/processes";
import { fmt, listSetting, machine, numberSetting, table, writeResults } from "./lib/report";

const web = path.join(root, "apps", "web");
const nextDir = path.join(web, ".next");
const chromePath = process.env.CHROME_PATH || DEFAULT_CHROMIUM_PATH;
const taskCount = numberSetting("BENCH_WEB_TASKS", process.env.BENCH_WEB_TASKS, 200);
const formFactors = listSetting(process.env.BENCH_WEB_FORM_FACTORS, "mobile,desktop");
const chromeFlags = ["--headless=new", ...CHROMIUM_ARGS];

function log(message: string) {
  process.stderr.write(`[bench:web] ${message}\n`);
}

const gzipCache = new Map<string, { raw: number; gzip: number }>();
function sizeOf(relative: string): { raw: number; gzip: number } {
  const cached = gzipCache.get(relative);
  if (cached) return cached;
  const bytes = readFileSync(path.join(nextDir, relative));
  const size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  gzipCache.set(relative, size);
  return size;
}

interface PageWeight {
  route: string;
  files: string[];
  rawKB: number;
  gzipKB: number;
}

/** Reads a page's client reference manifest, a script that assigns globalThis.__RSC_MANIFEST[page]. */
function clientManifest(page: string): { entryJSFiles?: Record<string, string[]> } | undefined {
  const file = path.join(nextDir, "server", "app", `${page}_client-reference-manifest.js`);
  if (!existsSync(file)) return undefined;
  const sandbox: { globalThis?: unknown; self?: unknown; __RSC_MANIFEST?: Record<string, unknown> } = {};
  sandbox.globalThis = sandbox;
  sandbox.self = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  return sandbox.__RSC_MANIFEST?.[`/${page}`] as { entryJSFiles?: Record<string, string[]> } | undefined;
}

/** First-load JS of every app page, from .next's manifests. */
function firstLoadJs(): PageWeight[] {
  const build = JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles?: string[];
  };
  const routes = JSON.parse(
    readFileSync(path.join(nextDir, "app-path-routes-manifest.json"), "utf8"),
  ) as Record<string, string>;
  const weights: PageWeight[] = [];
  for (const [page, route] of Object.entries(routes)) {
    if (!page.endsWith("/page")) continue; // route handlers ship no JS
    const manifest = clientManifest(page.slice(1));
    if (!manifest) continue;
    // The page's own entry and the layouts above it; not-found and
    // global-error boundaries load only when they render.
    const segments = page.slice(1).split("/").slice(0, -1);
    const wanted = new Set([`app/${[...segments, "page"].join("/")}`]);
    for (let i = 0; i <= segments.length; i++)
      wanted.add(`app/${[...segments.slice(0, i), "layout"].join("/")}`);
    const files = new Set(build.rootMainFiles ?? []);
    for (const [entry, chunks] of Object.entries(manifest.entryJSFiles ?? {})) {
      const key = /\/src\/(app\/.*)$/.exec(entry)?.[1] ?? /\/(app\/.*)$/.exec(entry)?.[1];
      if (key && wanted.has(key)) for (const chunk of chunks) files.add(chunk);
    }
    const list = [...files];
    weights.push({
      route,
      files: list,
      rawKB: list.reduce((sum, f) => sum + sizeOf(f).raw, 0) / 1024,
      gzipKB: list.reduce((sum, f) => sum + sizeOf(f).gzip, 0) / 1024,
    });
  }
  return weights.sort((a, b) => a.route.localeCompare(b.route));
}

/** The scripts a served page really references (same-origin /_next/static only). */
function servedScripts(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>/g)) {
    const attributes = match[1] ?? "";
    // nomodule scripts (polyfills) are skipped by every browser Lighthouse drives.
    if (/\snomodule/i.test(attributes)) continue;
    const src = /\ssrc="([^"]+)"/.exec(attributes)?.[1] ?? "";
    const at = src.indexOf("/_next/");
    if (at >= 0) found.add(decodeURIComponent(src.slice(at + "/_next/".length).split("?")[0] ?? ""));
  }
  return [...found];
}

interface LighthouseRow {
  page: string;
  formFactor: string;
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  failedAccessibilityAudits: string[];
  failedElements: string[];
  finalUrl: string;
}

async function main() {
  if (!existsSync(path.join(nextDir, "BUILD_ID"))) {
    console.error("bench:web: apps/web/.next is missing: run `npm run build` first.");
    process.exitCode = 1;
    return;
  }
  if (!existsSync(chromePath)) throw new Error(`Chromium not found at ${chromePath} (set CHROME_PATH)`);
  const buildAge = statSync(path.join(nextDir, "BUILD_ID")).mtime;

  const cleanups: (() => Promise<void>)[] = [];
  const cleanUp = async () => {
    while (cleanups.length > 0)
      await cleanups
        .pop()?.()
        .catch((e: unknown) => log(`cleanup: ${String(e)}`));
  };
  process.once("SIGINT", () => void cleanUp().finally(() => process.exit(130)));
  process.once("SIGTERM", () => void cleanUp().finally(() => process.exit(143)));

  try {
    const dataDir = mkdtempSync(path.join(tmpdir(), "todo-bench-web-"));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const [webPort, apiPort] = [await freePort(), await freePort()];
    const webUrl = `http://127.0.0.1:${webPort}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const stack: NodeChild = startNode("scripts/start.mjs", {
      env: {
        DATA_DIR: dataDir,
        WEB_PORT: String(webPort),
        API_PORT: String(apiPort),
        BETTER_AUTH_URL: webUrl,
        API_URL: apiUrl,
        JWKS_URL: `${webUrl}/api/auth/jwks`,
        DATABASE_URL: "",
        AUTH_RATE_LIMIT: "0",
        API_RATE_LIMIT: "0",
        NODE_ENV: "production",
      },
      keepStdout: true,
      plain: true,
    });
    cleanups.push(() => stack.stop(20_000));
    log(`starting the stack: web ${webUrl}, API ${apiUrl}, DATA_DIR ${dataDir}`);
    await waitForHttp(`${apiUrl}/ready`, stack, 600_000);
    await waitForHttp(`${webUrl}/sign-in`, stack, 600_000);
    if (statSync(path.join(nextDir, "BUILD_ID")).mtime > buildAge) log("start.mjs rebuilt the web app first");

    // A user with `taskCount` tasks, made through the real endpoints.
    const email = `bench-web-${Date.now()}@example.test`;
    const signUp = await fetch(`${webUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: webUrl },
      body: JSON.stringify({ name: "Lighthouse", email, password: "a long benchmark passphrase 42" }),
    });
    if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const tokenResponse = await fetch(`${webUrl}/api/auth/token`, { headers: { cookie } });
    if (!tokenResponse.ok) throw new Error(`token failed: ${tokenResponse.status}`);
    const { token } = (await tokenResponse.json()) as { token: string };
    const priorities = ["none", "low", "medium", "high"];
    for (let i = 0; i < taskCount; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, taskCount - i) }, async (_, j) => {
          const n = i + j;
          const response = await fetch(`${apiUrl}/api/tasks`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({
              title: `Task ${n + 1}: ${["Review the quarterly report", "Book the dentist", "Pay the electricity bill", "Draft release notes"][n % 4]}`,
              description: n % 3 === 0 ? null : "Check the figures first and follow up by Thursday.",
              priority: priorities[n % 4],
              completed: n % 5 === 0,
              dueAt: n % 2 === 0 ? new Date(Date.now() + (n - 50) * 86_400_000).toISOString() : null,
              tags: n % 3 === 0 ? ["work"] : n % 3 === 1 ? ["home", "errands"] : [],
            }),
          });
          if (response.status !== 201) throw new Error(`creating a task failed: ${response.status}`);
        }),
      );
    }
    log(`signed up ${email} and created ${taskCount} tasks`);

    // Weight, from the build the running server uses (read at once: a
    // concurrent `next build` replaces .next).
    const buildId = readFileSync(path.join(nextDir, "BUILD_ID"), "utf8").trim();
    const weights = firstLoadJs();
    const tasksHtml = await (
      await fetch(`${webUrl}/tasks`, { headers: { cookie }, redirect: "manual" })
    ).text();
    const served = servedScripts(tasksHtml).filter((f) => existsSync(path.join(nextDir, f)));
    const servedGzipKB = served.reduce((sum, f) => sum + sizeOf(f).gzip, 0) / 1024;
    const tasksWeight = weights.find((w) => w.route === "/tasks");
    const onlyServed = served.filter((f) => !tasksWeight?.files.includes(f));
    const onlyManifest = tasksWeight?.files.filter((f) => !served.includes(f)) ?? [];

    // Lighthouse.
    const chrome = await chromeLauncher.launch({ chromePath, chromeFlags, logLevel: "silent" });
    cleanups.push(async () => {
      chrome.kill();
    });
    const runs: LighthouseRow[] = [];
    for (const formFactor of formFactors)
      for (const [page, headers] of [
        ["/sign-in", undefined],
        ["/tasks", { Cookie: cookie }],
      ] as const) {
        log(`lighthouse ${formFactor} ${page}…`);
        const result = await lighthouse(
          `${webUrl}${page}`,
          {
            port: chrome.port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility"],
            ...(headers && { extraHeaders: headers }),
          },
          formFactor === "desktop" ? desktopConfig : undefined,
        );
        if (!result) throw new Error(`lighthouse returned nothing for ${page}`);
        const { lhr } = result;
        const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
        const failed = Object.values(lhr.audits)
          .filter(
            (a) =>
              lhr.categories.accessibility?.auditRefs.some((r) => r.id === a.id && r.weight > 0) &&
              a.score !== null &&
              a.score < 1,
          )
          .map((a) => a.id);
        // The elements each failed audit points at, so the report says what to fix.
        const failedElements = failed.flatMap((id) => {
          const details = lhr.audits[id]?.details as
            | { items?: { node?: { snippet?: string } }[] }
            | undefined;
          return (details?.items ?? []).slice(0, 5).map((item) => `${id}: ${item.node?.snippet ?? "?"}`);
        });
        runs.push({
          page,
          formFactor,
          performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
          fcpMs: audit("first-contentful-paint"),
          lcpMs: audit("largest-contentful-paint"),
          tbtMs: audit("total-blocking-time"),
          cls: audit("cumulative-layout-shift"),
          speedIndexMs: audit("speed-index"),
          failedAccessibilityAudits: failed,
          failedElements,
          finalUrl: lhr.finalDisplayedUrl,
        });
      }

    console.log("First-load JS (from apps/web/.next manifests, gzip -9)");
    console.log(
      table(
        ["route", "files", "raw KB", "gzip KB"],
        weights.map((w) => [w.route, w.files.length, fmt(w.rawKB), fmt(w.gzipKB)]),
      ),
    );
    console.log(
      `/tasks as served (its <script src> tags): ${served.length} files, ${fmt(servedGzipKB)} KB gzip`,
    );
    if (onlyServed.length > 0 || onlyManifest.length > 0)
      console.log(
        `  served but not in the manifests: ${onlyServed.map((f) => `${f} (${fmt(sizeOf(f).gzip / 1024)} KB)`).join(", ") || "none"}; ` +
          `in the manifests but not served: ${onlyManifest.join(", ") || "none"}`,
      );
    console.log("");
    console.log(
      "Lighthouse 12 (performance and accessibility; the machine is shared, so performance is noisy)",
    );
    console.log(
      table(
        ["page", "settings", "performance", "accessibility", "FCP ms", "LCP ms", "TBT ms", "CLS", "SI ms"],
        runs.map((r) => [
          r.page,
          r.formFactor,
          r.performance,
          r.accessibility,
          fmt(r.fcpMs),
          fmt(r.lcpMs),
          fmt(r.tbtMs),
          r.cls.toFixed(3),
          fmt(r.speedIndexMs),
        ]),
      ),
    );
    for (const r of runs) {
      if (r.finalUrl !== `${webUrl}${r.page}`) console.log(`note: ${r.page} ended at ${r.finalUrl}`);
      if (r.failedAccessibilityAudits.length > 0)
        console.log(
          `accessibility audits failed on ${r.page} (${r.formFactor}): ${r.failedAccessibilityAudits.join(", ")}`,
        );
      for (const element of r.failedElements) console.log(`  ${element}`);
    }
    const file = writeResults("web", {
      kind: "web",
      at: new Date().toISOString(),
      machine: machine(),
      buildId,
      firstLoadJs: weights,
      tasksServed: { files: served, gzipKB: servedGzipKB, onlyServed, onlyManifest },
      lighthouse: runs,
      settings: { tasks: taskCount, formFactors, chromePath, chromeFlags },
    });
    console.log(`results: ${file}`);
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:web: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
