// The API as it really starts: `src/server.ts` in its own process, reading
// its settings from the environment and applying its migrations.
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi } from "./support/api-process";
import { type AuthServer, startAuthServer, type TestUser } from "./support/auth-server";
import { AUDIENCE, request } from "./support/stack";

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
    const first = await startApi(env);
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
    expect(await first.stop()).toBe(0);

    const second = await startApi(env);
    try {
      const list = await request(second.url, "/api/tasks?limit=100", { token: user.token });
      expect(list.body.items.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
    } finally {
      await second.stop();
    }
  });

  it("answers every request, whatever its path, within a bound while /health keeps answering", async () => {
    const api = await startApi({ DATA_DIR: dataDir, BETTER_AUTH_URL: auth.issuer, API_URL: AUDIENCE });
    try {
      const id = user.id;
      const hex = (char: string) => `%${char.charCodeAt(0).toString(16)}`;
      const paths = [
        // The caller's own id with one character percent-encoded once made the API call itself forever.
        `/api/${hex(id[0] ?? "")}${id.slice(1)}/tasks`,
        `/api/${id.slice(0, -1)}${hex(id.at(-1) ?? "")}/tasks/00000000-0000-4000-8000-000000000000`,
        `/api/${[...id].map(hex).join("")}/tasks`,
        `/api/${id}/tasks/%2e%2e/tasks`,
        `/api/${id}%2ftasks/tasks`,
        "/api/%2e%2e/api/tasks",
        "/api/tasks/%2e%2e",
        `/${"a/".repeat(500)}`,
      ];
      const answers = Promise.all(
        paths.map((path) =>
          fetch(`${api.url}${path}`, {
            headers: { authorization: `Bearer ${user.token}` },
            signal: AbortSignal.timeout(5_000),
          }).then(
            (response) => response.status,
            (error: unknown) => `${path}: ${String(error)}`,
          ),
        ),
      );
      const health = await fetch(`${api.url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (response) => response.status,
        (error: unknown) => String(error),
      );
      const statuses = await answers;
      expect(health).toBe(200);
      for (const status of statuses)
        expect(typeof status === "number" && status < 500, String(status)).toBe(true);
      // The encoded forms of the caller's own id are the caller's list and task.
      expect(statuses.slice(0, 3)).toEqual([200, 404, 200]);
    } finally {
      await api.stop();
    }
  });

  it("cuts off a client that never finishes its headers (10 s), instead of holding the socket for minutes", async () => {
    const api = await startApi({ DATA_DIR: dataDir, BETTER_AUTH_URL: auth.issuer, API_URL: AUDIENCE });
    try {
      const socket = connect(api.port, "127.0.0.1");
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk));
      const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(performance.now())));
      const started = performance.now();
      socket.write("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
      // Node's default would wait 60 s and check only every 30 s; the test's own limit is 30 s.
      const seconds = ((await closed) - started) / 1000;
      expect(seconds).toBeGreaterThan(9);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await api.stop();
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
    const api = await startApi({ DATA_DIR: dataDir, API_PORT: "0", [name]: value });
    expect(await api.exited).toBe(1);
    const lines = api.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(lines[0]).not.toMatch(/\n\s+at /);
  });

  it("stops at start-up with one line naming the port, and a non-zero exit, when the port is in use", async () => {
    const taken = await holdPort();
    try {
      const port = (taken.address() as { port: number }).port;
      const api = await startApi({ DATA_DIR: dataDir, API_PORT: String(port) });
      expect(await api.exited).toBe(1);
      const lines = api.output().trim().split("\n");
      expect(lines).toEqual([`api: cannot listen on port ${port}: it is already in use`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

/** A port held by this process, on every address the API would listen on. */
function holdPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, () => resolve(server));
  });
}
