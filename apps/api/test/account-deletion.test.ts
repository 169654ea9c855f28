// Deleting an account erases the user's tasks through the API first (the web
// app's Better Auth hook), and keeps the account if that fails, so nothing is
// ever left behind. Runs the web app's real auth configuration in-process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import { type AuthServer, startAuthServer } from "./support/auth-server";
import type { TestDb } from "./support/databases";
import { backends } from "./support/databases";
import { listen, type RunningServer } from "./support/http";
import { request, type Stack, startStack } from "./support/stack";

const [embedded] = backends;
if (!embedded) throw new Error("no backend");

describe("account deletion", () => {
  let api: RunningServer;
  let auth: AuthServer;
  let db: TestDb;
  let apiUp = true;

  beforeAll(async () => {
    // The API's own URL is the tokens' audience and where the hook calls it,
    // so it listens first and learns its app once the issuer exists.
    let app: ReturnType<typeof createApp> | undefined;
    api = await listen((req) => (apiUp && app ? app.fetch(req) : new Response("down", { status: 503 })));
    auth = await startAuthServer({ apiURL: api.url });
    db = await embedded.create("tasks");
    app = createApp({
      db: db.handle,
      webOrigin: auth.issuer,
      rateLimit: 0,
      auth: { issuer: auth.issuer, audience: api.url, keys: createKeySource({ jwksUrl: auth.jwksUrl }) },
    });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
    await auth.close();
  });

  const deleteUser = (cookie: string, password: string) =>
    fetch(`${auth.issuer}/api/auth/delete-user`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: auth.issuer, cookie },
      body: JSON.stringify({ password }),
    });

  it("keeps the account and its tasks when the API cannot erase them", async () => {
    const user = await auth.signUp();
    await request(api.url, "/api/tasks", { method: "POST", token: user.token, json: { title: "keep me" } });
    apiUp = false;
    try {
      const refused = await deleteUser(user.cookie, "correct horse battery staple");
      expect(refused.status).toBe(503);
      expect(((await refused.json()) as { code: string }).code).toBe("TASKS_NOT_DELETED");
    } finally {
      apiUp = true;
    }
    expect((await fetch(`${auth.issuer}/api/auth/token`, { headers: { cookie: user.cookie } })).status).toBe(
      200,
    );
    const list = await request(api.url, "/api/tasks", { token: user.token });
    expect(list.body.items).toHaveLength(1);
  });

  it("erases the tasks, then the account, when the API answers", async () => {
    const user = await auth.signUp();
    const other = await auth.signUp();
    for (const token of [user.token, user.token, other.token])
      await request(api.url, "/api/tasks", { method: "POST", token, json: { title: "x" } });
    const deleted = await deleteUser(user.cookie, "correct horse battery staple");
    expect(deleted.status).toBe(200);
    expect((await request(api.url, "/api/tasks", { token: user.token })).body.items).toHaveLength(0);
    expect((await request(api.url, "/api/tasks", { token: other.token })).body.items).toHaveLength(1);
    expect((await fetch(`${auth.issuer}/api/auth/token`, { headers: { cookie: user.cookie } })).status).toBe(
      401,
    );
  });
});

describe.each(backends)("after DELETE /api/me on $name", (backend) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(backend);
  });
  afterAll(() => stack.close());

  it("refuses creates with the account's still-valid token, by either path and with an Idempotency-Key", async () => {
    const user = await stack.auth.signUp();
    const other = await stack.auth.signUp();
    expect((await stack.request("/api/me", { method: "DELETE", token: user.token })).status).toBe(200);
    for (const [path, headers] of [
      ["/api/tasks", {}],
      [`/api/${user.id}/tasks`, {}],
      ["/api/tasks", { "idempotency-key": "after-deletion" }],
    ] as const) {
      const refused = await stack.request(path, {
        method: "POST",
        token: user.token,
        json: { title: "ghost" },
        headers,
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
    expect((await stack.request("/api/tasks", { token: user.token })).body.items).toEqual([]);
    // Nobody else is affected.
    expect(
      (await stack.request("/api/tasks", { method: "POST", token: other.token, json: { title: "x" } }))
        .status,
    ).toBe(201);
  });

  it("leaves nothing behind when creates race the erasure", async () => {
    const user = await stack.auth.signUp();
    const creates = Array.from({ length: 10 }, (_, i) =>
      stack.request("/api/tasks", { method: "POST", token: user.token, json: { title: `race ${i}` } }),
    );
    const erased = stack.request("/api/me", { method: "DELETE", token: user.token });
    const statuses = (await Promise.all(creates)).map((r) => r.status);
    expect((await erased).status).toBe(200);
    expect(statuses.every((s) => s === 201 || s === 401)).toBe(true);
    expect((await stack.request("/api/tasks", { token: user.token })).body.items).toEqual([]);
  });
});
