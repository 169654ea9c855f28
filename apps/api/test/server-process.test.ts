// The API as it really starts: `src/server.ts` in its own process, reading
// its settings from the environment and applying its migrations.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthServer, startAuthServer, type TestUser } from "./support/auth-server";
import { AUDIENCE, request } from "./support/stack";

const apiDir = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function startApi(env: Record<string, string>): ApiProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env.API_PORT}`, output: () => output, exited };
}

async function waitUntilReady(api: ApiProcess) {
  for (let i = 0; i < 150; i++) {
    if (api.child.exitCode !== null) throw new Error(`api exited: ${api.output()}`);
    try {
      if ((await fetch(`${api.url}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`api did not become ready: ${api.output()}`);
}

describe("the API process", () => {
  let auth: AuthServer;
  let user: TestUser;
  let dataDir: string;

  beforeAll(async () => {
    auth = await startAuthServer({ apiURL: AUDIENCE });
    user = await auth.signUp();
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-api-"));
  });
  afterAll(async () => {
    await auth.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every task across a restart on the embedded database", async () => {
    const env = { DATA_DIR: dataDir, BETTER_AUTH_URL: auth.issuer, API_URL: AUDIENCE };
    const first = startApi({ ...env, API_PORT: String(await freePort()) });
    await waitUntilReady(first);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const created = await request(first.url, "/api/tasks", {
        method: "POST",
        token: user.token,
        json: { title: `t${i}` },
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = startApi({ ...env, API_PORT: String(await freePort()) });
    try {
      await waitUntilReady(second);
      const list = await request(second.url, "/api/tasks?limit=100", { token: user.token });
      expect(list.body.items.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  });

  it.each([
    ["API_URL", "not-a-url"],
    ["BETTER_AUTH_URL", "ftp://example.com"],
    ["API_PORT", "eighty"],
    ["API_RATE_LIMIT", "-1"],
    ["JWT_JWKS", "{not json"],
    ["DATABASE_URL", "mysql://localhost/db"],
  ])("stops at start-up with one line naming %s when it is bad", async (name, value) => {
    const api = startApi({ DATA_DIR: dataDir, API_PORT: "0", [name]: value });
    expect(await api.exited).toBe(1);
    const lines = api.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).not.toMatch(/\n\s+at /);
  });
});
