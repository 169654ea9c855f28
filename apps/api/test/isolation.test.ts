// User B can never read, change, delete, list, search, filter, count or page
// through user A's tasks, by any route, canonical or compatibility.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import type { ApiRequest, Stack } from "./support/stack";
import { startStack } from "./support/stack";

describe.each(backends)("isolation between users on $name", (backend) => {
  let stack: Stack;
  let alice: TestUser;
  let bob: TestUser;
  let secret: { id: string; version: number };
  const asAlice = (path: string, init: ApiRequest = {}) =>
    stack.request(path, { token: alice.token, ...init });
  const asBob = (path: string, init: ApiRequest = {}) => stack.request(path, { token: bob.token, ...init });
  const titles = (body: { items: { title: string }[] }) => body.items.map((t) => t.title);

  beforeAll(async () => {
    stack = await startStack(backend);
    alice = await stack.auth.signUp("Alice");
    bob = await stack.auth.signUp("Bob");
    const created = await asAlice("/api/tasks", {
      method: "POST",
      json: {
        title: "alice secret plan",
        description: "zebra",
        priority: "high",
        tags: ["private"],
        dueAt: "2031-01-01T00:00:00Z",
      },
    });
    secret = created.body;
    for (let i = 0; i < 5; i++)
      await asAlice("/api/tasks", {
        method: "POST",
        json: { title: `alice done ${i}`, completed: true, tags: ["private"] },
      });
    for (let i = 0; i < 3; i++) await asBob("/api/tasks", { method: "POST", json: { title: `bob ${i}` } });
  });
  afterAll(() => stack.close());

  async function expectAliceUntouched() {
    const read = await asAlice(`/api/tasks/${secret.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ title: "alice secret plan", version: 1, completed: false });
    expect((await asAlice("/api/tasks?limit=100")).body.items).toHaveLength(6);
  }

  it("lists, searches, filters and pages only the caller's own tasks", async () => {
    const queries = [
      "",
      "?status=all&limit=100",
      "?status=completed",
      "?q=alice",
      "?q=zebra",
      "?priority=high",
      "?tag=private",
      "?dueAfter=2000-01-01T00:00:00Z",
      "?sort=title",
      "?userId=" + "ALICE",
      "?owner_id=x",
    ].map((q) => q.replace("ALICE", alice.id));
    for (const query of queries) {
      const response = await asBob(`/api/tasks${query}`);
      expect(response.status, query).toBe(200);
      for (const title of titles(response.body)) expect(title, query).toMatch(/^bob /);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { title: string }[]; nextCursor: string | null } } = await asBob(
        `/api/tasks?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      seen.push(...titles(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(["bob 0", "bob 1", "bob 2"]);
  });

  it("cannot reuse a cursor from another user's list to reach their tasks", async () => {
    const alicePage = await asAlice("/api/tasks?limit=1");
    const response = await asBob(
      `/api/tasks?limit=100&cursor=${encodeURIComponent(alicePage.body.nextCursor)}`,
    );
    for (const title of titles(response.body)) expect(title).toMatch(/^bob /);
  });

  it("gets 404, the same as for a missing id, for every route on another user's task", async () => {
    const missing = await asBob("/api/tasks/00000000-0000-4000-8000-000000000000");
    const attempts: [string, ApiRequest][] = [
      ["GET", {}],
      ["PUT", { json: { title: "pwned" } }],
      ["PATCH", { json: { completed: true } }],
      ["PATCH", { json: { title: "pwned" }, headers: { "if-match": '"1"' } }],
      ["DELETE", {}],
      ["DELETE", { headers: { "if-match": '"1"' } }],
    ];
    for (const [method, init] of attempts) {
      const response = await asBob(`/api/tasks/${secret.id}`, { method, ...init });
      expect(response.status, method).toBe(404);
      expect({ ...response.body }).toEqual(missing.body);
    }
    await expectAliceUntouched();
  });

  it("clearing completed tasks touches only the caller's", async () => {
    const cleared = await asBob("/api/tasks?status=completed", { method: "DELETE" });
    expect(cleared.body).toEqual({ deleted: 0 });
    await expectAliceUntouched();
    expect((await asAlice("/api/tasks?status=completed")).body.items).toHaveLength(5);
  });

  it("cannot create a task for someone else by naming them in the body, query or headers", async () => {
    for (const json of [
      { title: "x", userId: alice.id },
      { title: "x", user_id: alice.id },
      { title: "x", ownerId: alice.id },
      { title: "x", sub: alice.id },
    ])
      expect((await asBob("/api/tasks", { method: "POST", json })).status).toBe(422);
    const viaQuery = await asBob(`/api/tasks?userId=${alice.id}`, {
      method: "POST",
      json: { title: "bob via query" },
      headers: { "x-user-id": alice.id },
    });
    expect(viaQuery.status).toBe(201);
    expect((await asBob(`/api/tasks/${viaQuery.body.id}`)).status).toBe(200);
    expect((await asAlice(`/api/tasks/${viaQuery.body.id}`)).status).toBe(404);
    await expectAliceUntouched();
  });

  describe("compatibility routes", () => {
    it("serve the caller under their own id", async () => {
      const created = await asBob(`/api/${bob.id}/tasks`, { method: "POST", json: { title: "compat" } });
      expect(created.status).toBe(201);
      const id = created.body.id;
      expect((await asBob(`/api/${bob.id}/tasks/${id}`)).body.title).toBe("compat");
      expect(titles((await asBob(`/api/${bob.id}/tasks?limit=100`)).body)).toContain("compat");
      const replaced = await asBob(`/api/${bob.id}/tasks/${id}`, {
        method: "PUT",
        json: { title: "compat 2" },
      });
      expect(replaced.body).toMatchObject({ title: "compat 2", version: 2 });
      const toggled = await asBob(`/api/${bob.id}/tasks/${id}/complete`, { method: "PATCH" });
      expect(toggled.body).toMatchObject({ completed: true, version: 3 });
      expect(toggled.body.completedAt).toEqual(expect.any(String));
      const back = await asBob(`/api/${bob.id}/tasks/${id}/complete`, { method: "PATCH" });
      expect(back.body).toMatchObject({ completed: false, completedAt: null, version: 4 });
      expect((await asBob(`/api/${bob.id}/tasks/${id}`, { method: "DELETE" })).status).toBe(204);
      expect((await asBob(`/api/${bob.id}/tasks/${id}`)).status).toBe(404);
      expect(
        (await asBob(`/api/${bob.id}/tasks`, { method: "POST", json: { title: "x", userId: bob.id } }))
          .status,
      ).toBe(422);
    });

    it("answer 403 when the path names another user, whatever the route", async () => {
      const attempts: [string, string, ApiRequest][] = [
        ["GET", `/api/${alice.id}/tasks`, {}],
        ["POST", `/api/${alice.id}/tasks`, { json: { title: "pwned" } }],
        ["GET", `/api/${alice.id}/tasks/${secret.id}`, {}],
        ["PUT", `/api/${alice.id}/tasks/${secret.id}`, { json: { title: "pwned" } }],
        ["DELETE", `/api/${alice.id}/tasks/${secret.id}`, {}],
        ["PATCH", `/api/${alice.id}/tasks/${secret.id}/complete`, {}],
        ["GET", "/api/someone-else/tasks", {}],
      ];
      for (const [method, path, init] of attempts) {
        const response = await asBob(path, { method, ...init });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
      }
      await expectAliceUntouched();
    });

    it("answer 404 for another user's task under the caller's own id", async () => {
      for (const [method, suffix, init] of [
        ["GET", "", {}],
        ["PUT", "", { json: { title: "pwned" } }],
        ["DELETE", "", {}],
        ["PATCH", "/complete", {}],
      ] as const) {
        const response = await asBob(`/api/${bob.id}/tasks/${secret.id}${suffix}`, { method, ...init });
        expect(response.status, `${method} ${suffix}`).toBe(404);
      }
      await expectAliceUntouched();
    });

    it("need a token like every other /api route", async () => {
      const response = await stack.request(`/api/${alice.id}/tasks`);
      expect(response.status).toBe(401);
    });
  });
});
