// Runs the real stack the way `npm start` does (scripts/start.mjs) on a fresh
// data folder and free ports, for tests that need the whole product.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
export const webIsBuilt = existsSync(path.join(root, "apps/web/.next/BUILD_ID"));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface StackProcess {
  web: string;
  api: string;
  dataDir: string;
  child: ChildProcess;
  log(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Starts it again on the same folder and ports. */
  restart(): Promise<void>;
  /** Stops it if still running and deletes its data folder. */
  dispose(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, log: () => string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`stack exited:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never answered:\n${log()}`);
}

export async function startStack(extraEnv: Record<string, string> = {}): Promise<StackProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "todo-e2e-"));
  const [webPort, apiPort] = [await freePort(), await freePort()];
  const web = `http://localhost:${webPort}`;
  const api = `http://localhost:${apiPort}`;
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    DATA_DIR: dataDir,
    WEB_PORT: String(webPort),
    API_PORT: String(apiPort),
    BETTER_AUTH_URL: web,
    API_URL: api,
    AUTH_RATE_LIMIT: "0",
    API_RATE_LIMIT: "0",
    ...extraEnv,
  };
  let output = "";
  let child!: ChildProcess;
  let exited!: Promise<number | null>;
  const launch = async () => {
    output = "";
    child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
    await waitFor(`${web}/sign-in`, child, () => output);
    await waitFor(`${api}/ready`, child, () => output);
  };
  await launch();
  const stack: StackProcess = {
    web,
    api,
    dataDir,
    get child() {
      return child;
    },
    log: () => output,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
    restart: launch,
    async dispose() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export interface Account {
  email: string;
  password: string;
  cookie: string;
}

export function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Calls a Better Auth endpoint of the web app as a browser would (same-origin POST). */
export function authCall(
  web: string,
  pathname: string,
  body: unknown,
  cookie = "",
  extra: Record<string, string> = {},
) {
  return fetch(`${web}/api/auth${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web, cookie, ...extra },
    body: JSON.stringify(body),
  });
}

export async function signUp(web: string, name = "Test", password = "a long passphrase"): Promise<Account> {
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const response = await authCall(web, "/sign-up/email", { name, email, password });
  if (response.status !== 200) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
  return { email, password, cookie: cookiesOf(response) };
}

export async function tokenFor(web: string, cookie: string): Promise<Response> {
  return fetch(`${web}/api/auth/token`, { headers: { cookie } });
}
