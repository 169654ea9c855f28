// The API as it really starts: `src/server.ts` in its own process, reading
// its settings from the environment and applying its migrations.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi, waitUntilReady } from "./support/api-process";
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
    expect(await first.stop()).toBe(0);

    const second = await startApi(env);
    try {
      await waitUntilReady(second);
      const list = await request(second.url, "/api/tasks?limit=100", { token: user.token });
      expect(list.body.items.map((t: { id: string }) => t.id).sort()).toEqual([...ids].sort());
    } finally {
      await second.stop();
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
});
