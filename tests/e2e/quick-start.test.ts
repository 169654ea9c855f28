// The README's quick start, for real: `node scripts/start.mjs` (what
// `npm start` runs) on a fresh data folder, then a person's whole journey over
// HTTP — sign up on the web app, get a token, use the API — and a restart.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const built = existsSync(path.join(root, "apps/web/.next/BUILD_ID"));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Running {
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Running {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  return {
    child,
    log: () => log,
    exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))),
  };
}

async function waitFor(url: string, running: Running) {
  for (let i = 0; i < 300; i++) {
    if (running.child.exitCode !== null) throw new Error(`stack exited:\n${running.log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered:\n${running.log()}`);
}

describe.skipIf(!built && !process.env.CI)("npm start on a fresh machine", () => {
  let dataDir: string;
  let web: string;
  let api: string;
  let env: Record<string, string>;
  let running: Running;

  async function up() {
    running = start(env);
    await waitFor(`${web}/sign-in`, running);
    await waitFor(`${api}/ready`, running);
  }

  async function down() {
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-e2e-"));
    const [webPort, apiPort] = [await freePort(), await freePort()];
    web = `http://localhost:${webPort}`;
    api = `http://localhost:${apiPort}`;
    env = {
      DATA_DIR: dataDir,
      WEB_PORT: String(webPort),
      API_PORT: String(apiPort),
      BETTER_AUTH_URL: web,
      API_URL: api,
      AUTH_RATE_LIMIT: "0",
    };
    await up();
  });
  afterAll(async () => {
    if (running.child.exitCode === null) running.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signUp(name: string) {
    const email = `${name.toLowerCase()}-${Date.now()}@example.test`;
    const response = await fetch(`${web}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: web },
      body: JSON.stringify({ name, email, password: "a long passphrase" }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return { email, cookie };
  }

  async function tokenFor(cookie: string): Promise<string> {
    const response = await fetch(`${web}/api/auth/token`, { headers: { cookie } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  const callApi = (token: string, pathname: string, init: RequestInit = {}) =>
    fetch(`${api}${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });

  it("lets two people sign up, get tokens and keep separate task lists", async () => {
    const ada = await signUp("Ada");
    const bo = await signUp("Bo");
    const adaToken = await tokenFor(ada.cookie);
    const boToken = await tokenFor(bo.cookie);

    const me = (await (await callApi(adaToken, "/api/me")).json()) as { email: string };
    expect(me.email).toBe(ada.email);

    const created = await callApi(adaToken, "/api/tasks", {
      method: "POST",
      body: JSON.stringify({ title: "Ada's task", tags: ["e2e"] }),
    });
    expect(created.status).toBe(201);
    const task = (await created.json()) as { id: string };

    expect((await callApi(boToken, `/api/tasks/${task.id}`)).status).toBe(404);
    const boList = (await (await callApi(boToken, "/api/tasks")).json()) as { items: unknown[] };
    expect(boList.items).toHaveLength(0);

    // The web app guards its pages with the session.
    const guarded = await fetch(`${web}/tasks`, { redirect: "manual" });
    expect(guarded.status).toBe(307);
    expect(guarded.headers.get("location")).toContain("/sign-in");
    expect(
      (await fetch(`${web}/tasks`, { headers: { cookie: ada.cookie }, redirect: "manual" })).status,
    ).toBe(200);
  });

  it("keeps accounts and tasks across a restart, and stops cleanly on SIGTERM", async () => {
    const cy = await signUp("Cy");
    const token = await tokenFor(cy.cookie);
    const created = await callApi(token, "/api/tasks", {
      method: "POST",
      body: JSON.stringify({ title: "survives" }),
    });
    const { id } = (await created.json()) as { id: string };

    await down();
    await up();

    const again = await tokenFor(cy.cookie);
    const read = await callApi(again, `/api/tasks/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { title: string }).title).toBe("survives");
    // The old token still verifies: the signing key survived the restart too.
    expect((await callApi(token, "/api/me")).status).toBe(200);

    // The generated secret and both embedded databases live in DATA_DIR, owner-only.
    expect(statSync(path.join(dataDir, "web", "auth-secret")).mode & 0o077).toBe(0);
    expect(statSync(path.join(dataDir, "api")).mode & 0o077).toBe(0);
    await down();
  });
});
