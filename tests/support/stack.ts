// The real stack as `npm start` runs it (`node scripts/start.mjs`), on a fresh
// data folder and free loopback ports — shared by the end-to-end and browser
// suites, so both test exactly what a newcomer starts.
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
  readonly child: ChildProcess;
  log(): string;
  /** SIGTERM to `npm start`'s script, as a terminal would send it; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** Starts it again on the same folder and ports. */
  restart(): Promise<void>;
  /** Ends everything it started (its whole process group) and deletes its data folder. */
  dispose(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the stack exited:\n${log()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(5_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer:\n${log()}`);
}

/** Both services on a fresh data folder; rate limits off unless `extraEnv` turns them on. */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<StackProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "todo-stack-"));
  const [webPort, apiPort] = [await freePort(), await freePort()];
  const web = `http://127.0.0.1:${webPort}`;
  const api = `http://127.0.0.1:${apiPort}`;
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NEXT_TELEMETRY_DISABLED: "1",
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
  const running = () => child.exitCode === null && child.signalCode === null;

  const launch = async () => {
    output = "";
    // Its own process group, so that dispose() ends the services it started too.
    child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    for (const url of [`${api}/ready`, `${web}/sign-in`]) await waitFor(url, child, () => output);
  };

  const dispose = async () => {
    const pid = child?.pid;
    if (pid !== undefined && running()) {
      process.kill(-pid, "SIGTERM");
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await launch();
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    web,
    api,
    dataDir,
    get child() {
      return child;
    },
    log: () => output,
    async stop() {
      if (running()) child.kill("SIGTERM");
      return exited;
    },
    restart: launch,
    dispose,
  };
}
