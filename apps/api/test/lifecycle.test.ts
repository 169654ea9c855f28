// Stopping and starting the real API process: a SIGTERM while requests are
// in flight loses none of them, and a second process cannot open the
// embedded database that a first one is using.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, startApi } from "./support/api-process";
import { type AuthServer, startAuthServer, type TestUser } from "./support/auth-server";
import { backends, type TestDb } from "./support/databases";
import { AUDIENCE, request } from "./support/stack";

interface HeldResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A POST whose body is held back until the server has begun on it: with
 * `Expect: 100-continue` the server answers "100 Continue" only once it has
 * read the headers and handed the request to the app.
 */
function heldPost(port: number, token: string, json: unknown, agent: http.Agent) {
  const body = JSON.stringify(json);
  const req = http.request({
    host: "127.0.0.1",
    port,
    method: "POST",
    path: "/api/tasks",
    agent,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      expect: "100-continue",
    },
  });
  const started = new Promise<void>((resolve, reject) => {
    req.once("continue", resolve);
    req.once("error", reject);
  });
  const response = new Promise<HeldResponse>((resolve, reject) => {
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.once("error", reject);
  });
  req.flushHeaders();
  return { started, response, send: () => req.end(body) };
}

/** Resolves once connecting to the port is refused: the process no longer accepts connections. */
async function refusedOn(port: number): Promise<boolean> {
  for (let i = 0; i < 250; i++) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(false);
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
    if (refused) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

let auth: AuthServer;
let user: TestUser;
beforeAll(async () => {
  auth = await startAuthServer({ apiURL: AUDIENCE });
  user = await auth.signUp();
});
afterAll(() => auth.close());

const running: ApiProcess[] = [];
const track = (api: ApiProcess) => {
  running.push(api);
  return api;
};
afterAll(async () => {
  await Promise.all(running.map((api) => api.stop()));
});

describe.each(backends)("SIGTERM with 50 requests in flight, on $name", (backend) => {
  let dataDir: string;
  let db: TestDb | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-lifecycle-"));
    env = { DATA_DIR: dataDir, BETTER_AUTH_URL: auth.issuer, API_URL: AUDIENCE };
    if (backend.name === "postgres") {
      db = await backend.create("tasks");
      env.DATABASE_URL = db.url as string;
    }
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers every one completely, exits 0, and keeps every acknowledged write", async () => {
    const first = track(await startApi(env));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
    try {
      const held = Array.from({ length: 50 }, (_, i) =>
        heldPost(first.port, user.token, { title: `in flight ${i}` }, agent),
      );
      await Promise.all(held.map((h) => h.started));

      first.child.kill("SIGTERM");
      // No new connections, while the 50 are still waiting for their bodies.
      expect(await refusedOn(first.port)).toBe(true);
      for (const h of held) h.send();
      const responses = await Promise.all(held.map((h) => h.response));

      for (const [i, response] of responses.entries()) {
        expect(response.status, response.body).toBe(201);
        expect(JSON.parse(response.body)).toMatchObject({ title: `in flight ${i}`, version: 1 });
        // The client is told not to reuse the connection.
        expect(response.headers.connection).toBe("close");
      }
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain("api: stopped");
      expect(first.output()).not.toContain("cut off");

      const ids = responses.map((r) => (JSON.parse(r.body) as { id: string }).id);
      const second = track(await startApi(env));
      const list = await request(second.url, "/api/tasks?limit=100", { token: user.token });
      const listed = (list.body.items as { id: string }[]).map((t) => t.id);
      for (const id of ids) expect(listed).toContain(id);
      expect(await second.stop()).toBe(0);
    } finally {
      agent.destroy();
    }
  });

  it("stops on SIGINT too, with exit code 0", async () => {
    const api = track(await startApi(env));
    // An idle keep-alive connection must not hold the process up.
    const agent = new http.Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) =>
        http
          .get(`${api.url}/health`, { agent }, (res) => res.resume().on("end", resolve))
          .on("error", reject),
      );
      api.child.kill("SIGINT");
      expect(await api.exited).toBe(0);
    } finally {
      agent.destroy();
    }
  });
});

describe("the embedded database folder", () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "todo-lock-"));
    env = { DATA_DIR: dataDir, BETTER_AUTH_URL: auth.issuer, API_URL: AUDIENCE };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("refuses a second process with one clear line, while the first keeps serving", async () => {
    const first = track(await startApi(env));
    const before = await request(first.url, "/api/tasks", {
      method: "POST",
      token: user.token,
      json: { title: "before the second process" },
    });
    expect(before.status).toBe(201);

    const second = track(await startApi(env));
    expect(await second.exited).toBe(1);
    const lines = second.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`in use by process ${first.pid}`);
    expect(lines[0]).toContain(path.join(dataDir, "api"));

    const after = await request(first.url, "/api/tasks", {
      method: "POST",
      token: user.token,
      json: { title: "after the second process" },
    });
    expect(after.status).toBe(201);
    const list = await request(first.url, "/api/tasks", { token: user.token });
    expect((list.body.items as { id: string }[]).map((t) => t.id).sort()).toEqual(
      [before.body.id, after.body.id].sort(),
    );

    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(dataDir, "api", "todo.lock"))).toBe(false);
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    // A pid that was real a moment ago and is gone now.
    const dead = spawnSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).stdout.toString();
    writeFileSync(
      path.join(dataDir, "api", "todo.lock"),
      JSON.stringify({ pid: Number(dead), nonce: "stale" }),
    );
    const api = track(await startApi(env));
    const list = await request(api.url, "/api/tasks", { token: user.token });
    expect(list.body.items).toHaveLength(2);
    expect(await api.stop()).toBe(0);
  });
});

describe("the database settings", () => {
  it.each([
    ["DB_POOL_SIZE", "0"],
    ["DB_CONNECT_TIMEOUT_MS", "0"],
    ["DB_STATEMENT_TIMEOUT_MS", "-1"],
  ])("stop the API at start-up with one line naming %s when it is %s", async (name, value) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "todo-settings-"));
    try {
      const api = track(await startApi({ DATA_DIR: dataDir, [name]: value }));
      expect(await api.exited).toBe(1);
      const lines = api.output().trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(name);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
