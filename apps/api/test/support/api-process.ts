// The API as it really runs: `node --import tsx src/server.ts` in its own
// process, configured only through its environment.
import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import path from "node:path";

const apiDir = path.resolve(import.meta.dirname, "../..");

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not gone in 15 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  // A given API_PORT is passed on as it is, even when it is wrong: start-up tests rely on that.
  const port = env.API_PORT ?? String(await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? "", ...env, API_PORT: port },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    pid: child.pid ?? 0,
    url: `http://127.0.0.1:${port}`,
    port: Number(port),
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

export async function waitUntilReady(api: ApiProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (api.child.exitCode !== null) throw new Error(`api exited: ${api.output()}`);
    try {
      if ((await fetch(`${api.url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`api did not become ready: ${api.output()}`);
}
