// The task routes of SPEC §4 through real HTTP, on every database back-end.
import { createDb } from "@todo/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { listen } from "./support/http";
import { type ApiRequest, AUDIENCE, request, type Stack, startStack } from "./support/stack";

describe.each(backends)("task routes on $name", (backend) => {
  let stack: Stack;
  let user: TestUser;
  const call = (path: string, init: ApiRequest = {}) => stack.request(path, { token: user.token, ...init });
  const create = async (json: Record<string, unknown>) => {
    const response = await call("/api/tasks", { method: "POST", json });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    stack = await startStack(backend);
    user = await stack.auth.signUp();
  });
  afterAll(() => stack.close());

  function expectProblem(response: { status: number; headers: Headers; body: unknown }, status: number) {
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = response.body as Record<string, unknown>;
    expect(body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
    // Nothing but the problem fields: no stack, no SQL.
    expect(Object.keys(body).every((k) => ["type", "title", "status", "detail", "errors"].includes(k))).toBe(
      true,
    );
    expect(JSON.stringify(body)).not.toMatch(/\bat .+:\d+|select |insert |update |postgres/i);
  }

  describe("create and read", () => {
    it("creates with defaults, a Location and an ETag", async () => {
      const response = await call("/api/tasks", { method: "POST", json: { title: "  Buy milk  " } });
      expect(response.status).toBe(201);
      const task = response.body;
      expect(task).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        title: "Buy milk",
        description: null,
        completed: false,
        priority: "none",
        listId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        dueDate: null,
        dueAt: null,
        recurrence: null,
        reminders: [],
        tags: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        completedAt: null,
        version: 1,
      });
      expect(new Date(task.createdAt).toISOString()).toBe(task.createdAt);
      expect(response.headers.get("location")).toBe(`/api/tasks/${task.id}`);
      const read = await call(`/api/tasks/${task.id}`);
      expect(read.status).toBe(200);
      expect(read.headers.get("etag")).toBe('"1"');
      expect(read.body).toEqual(task);
    });

    it("stores every writable field; tags trimmed, lower-cased and without duplicates", async () => {
      const task = await create({
        title: "Report",
        description: "Quarterly numbers",
        completed: true,
        priority: "high",
        dueAt: "2030-01-02T03:04:05.678+02:00",
        tags: ["Work", " work ", "Q1"],
      });
      expect(task).toMatchObject({
        description: "Quarterly numbers",
        completed: true,
        priority: "high",
        dueAt: "2030-01-02T01:04:05.678Z",
        tags: ["work", "q1"],
      });
      expect(task.completedAt).toEqual(expect.any(String));
    });

    it("answers 404 for a well-formed id that does not exist, 422 for a malformed one", async () => {
      expectProblem(await call("/api/tasks/00000000-0000-4000-8000-000000000000"), 404);
      expectProblem(await call("/api/tasks/not-a-uuid"), 422);
      expectProblem(await call("/api/tasks/00000000-0000-4000-8000-00000000000g"), 422);
    });
  });

  describe("update", () => {
    it("PUT replaces the writable fields; left-out ones return to defaults", async () => {
      const task = await create({
        title: "Old",
        description: "d",
        priority: "low",
        tags: ["a"],
        completed: true,
      });
      const response = await call(`/api/tasks/${task.id}`, { method: "PUT", json: { title: "New" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("etag")).toBe('"2"');
      expect(response.body).toMatchObject({
        id: task.id,
        title: "New",
        description: null,
        priority: "none",
        tags: [],
        completed: false,
        completedAt: null,
        version: 2,
        createdAt: task.createdAt,
      });
      expectProblem(
        await call(`/api/tasks/${task.id}`, { method: "PUT", json: { description: "no title" } }),
        422,
      );
    });

    it("PATCH changes only what it names and bumps the version each time", async () => {
      const task = await create({ title: "Keep", description: "keep me", tags: ["x"] });
      const done = await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { completed: true } });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        title: "Keep",
        description: "keep me",
        tags: ["x"],
        completed: true,
        version: 2,
      });
      expect(done.body.completedAt).toEqual(expect.any(String));
      expect(Date.parse(done.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(task.updatedAt));
      const undone = await call(`/api/tasks/${task.id}`, {
        method: "PATCH",
        json: { completed: false, dueAt: null },
      });
      expect(undone.body).toMatchObject({ completed: false, completedAt: null, version: 3 });
      expectProblem(await call(`/api/tasks/${task.id}`, { method: "PATCH", json: {} }), 422);
    });

    it("honours If-Match: a stale version gets 412 and changes nothing", async () => {
      const task = await create({ title: "Versioned" });
      const ok = await call(`/api/tasks/${task.id}`, {
        method: "PATCH",
        json: { title: "v2" },
        headers: { "if-match": '"1"' },
      });
      expect(ok.status).toBe(200);
      for (const [method, json] of [
        ["PATCH", { title: "stale" }],
        ["PUT", { title: "stale" }],
        ["DELETE", undefined],
      ] as const) {
        expectProblem(
          await call(`/api/tasks/${task.id}`, { method, json, headers: { "if-match": '"1"' } }),
          412,
        );
      }
      expectProblem(
        await call(`/api/tasks/${task.id}`, {
          method: "PATCH",
          json: { title: "x" },
          headers: { "if-match": "garbage" },
        }),
        412,
      );
      const read = await call(`/api/tasks/${task.id}`);
      expect(read.body).toMatchObject({ title: "v2", version: 2 });
      expectProblem(
        await call("/api/tasks/00000000-0000-4000-8000-000000000000", {
          method: "PATCH",
          json: { title: "x" },
          headers: { "if-match": '"1"' },
        }),
        404,
      );
      const deleted = await call(`/api/tasks/${task.id}`, {
        method: "DELETE",
        headers: { "if-match": '"2"' },
      });
      expect(deleted.status).toBe(204);
    });

    it("lets exactly one of 20 concurrent PATCHes with the same If-Match win", async () => {
      const task = await create({ title: "Race" });
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(`/api/tasks/${task.id}`, {
            method: "PATCH",
            json: { title: `writer ${i}` },
            headers: { "if-match": '"1"' },
          }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(19);
      const winner = responses.find((r) => r.status === 200)?.body;
      const read = await call(`/api/tasks/${task.id}`);
      expect(read.body).toMatchObject({ title: winner.title, version: 2 });
    });
  });

  describe("delete", () => {
    it("deletes one task: 204, then 404", async () => {
      const task = await create({ title: "Gone soon" });
      const response = await call(`/api/tasks/${task.id}`, { method: "DELETE" });
      expect(response.status).toBe(204);
      expect(response.body).toBeUndefined();
      expectProblem(await call(`/api/tasks/${task.id}`), 404);
      expectProblem(await call(`/api/tasks/${task.id}`, { method: "DELETE" }), 404);
    });

    it("clears completed tasks only with status=completed, never wiping the list", async () => {
      const fresh = await stack.auth.signUp();
      const as = (path: string, init: ApiRequest = {}) =>
        stack.request(path, { token: fresh.token, ...init });
      for (const [title, completed] of [
        ["a", true],
        ["b", false],
        ["c", true],
      ] as const)
        expect((await as("/api/tasks", { method: "POST", json: { title, completed } })).status).toBe(201);
      expectProblem(await as("/api/tasks", { method: "DELETE" }), 422);
      expectProblem(await as("/api/tasks?status=all", { method: "DELETE" }), 422);
      expectProblem(await as("/api/tasks?status=active", { method: "DELETE" }), 422);
      expect((await as("/api/tasks")).body.items).toHaveLength(3);
      const cleared = await as("/api/tasks?status=completed", { method: "DELETE" });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toEqual({ deleted: 2 });
      expect((await as("/api/tasks")).body.items.map((t: { title: string }) => t.title)).toEqual(["b"]);
    });
  });

  describe("list", () => {
    let lister: TestUser;
    const as = (path: string) => stack.request(path, { token: lister.token });
    const titles = async (query: string) => {
      const response = await as(`/api/tasks${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.items.map((t: { title: string }) => t.title);
    };

    beforeAll(async () => {
      lister = await stack.auth.signUp();
      const seed = [
        { title: "Alpha", priority: "low", tags: ["home"], dueAt: "2030-01-03T00:00:00Z" },
        { title: "bravo", priority: "high", tags: ["work"], completed: true, dueAt: "2030-01-01T00:00:00Z" },
        { title: "Charlie", priority: "medium", description: "has 100% coverage", tags: ["work", "home"] },
        { title: "delta_x", priority: "none", dueAt: "2030-01-02T00:00:00Z" },
      ];
      for (const json of seed)
        expect(
          (await stack.request("/api/tasks", { method: "POST", token: lister.token, json })).status,
        ).toBe(201);
    });

    it("sorts newest first by default and by every documented key", async () => {
      expect(await titles("")).toEqual(["delta_x", "Charlie", "bravo", "Alpha"]);
      expect(await titles("?sort=createdAt")).toEqual(["Alpha", "bravo", "Charlie", "delta_x"]);
      expect(await titles("?sort=title")).toEqual(["Alpha", "bravo", "Charlie", "delta_x"]);
      expect(await titles("?sort=-title")).toEqual(["delta_x", "Charlie", "bravo", "Alpha"]);
      expect(await titles("?sort=priority")).toEqual(["delta_x", "Alpha", "Charlie", "bravo"]);
      expect(await titles("?sort=-priority")).toEqual(["bravo", "Charlie", "Alpha", "delta_x"]);
      expect(await titles("?sort=dueAt")).toEqual(["bravo", "delta_x", "Alpha", "Charlie"]);
      expect(await titles("?sort=-dueAt")).toEqual(["Alpha", "delta_x", "bravo", "Charlie"]);
    });

    it("filters by status, search, priority, tag and due dates", async () => {
      expect(await titles("?status=completed")).toEqual(["bravo"]);
      expect(await titles("?status=active&sort=title")).toEqual(["Alpha", "Charlie", "delta_x"]);
      expect(await titles("?q=ALPHA")).toEqual(["Alpha"]);
      expect(await titles("?q=100%25")).toEqual(["Charlie"]);
      expect(await titles("?q=_")).toEqual(["delta_x"]);
      expect(await titles("?priority=high")).toEqual(["bravo"]);
      expect(await titles("?tag=HOME&sort=title")).toEqual(["Alpha", "Charlie"]);
      expect(await titles("?dueBefore=2030-01-02T12:00:00Z&sort=dueAt")).toEqual(["bravo", "delta_x"]);
      expect(await titles("?dueAfter=2030-01-02T00:00:00Z")).toEqual(["Alpha"]);
      expect(await titles("?tag=work&status=active")).toEqual(["Charlie"]);
    });

    it("pages with a cursor, each task once", async () => {
      for (const sort of ["-createdAt", "title", "-priority", "dueAt"]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `?sort=${sort}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
          const page = await as(`/api/tasks${query}`);
          expect(page.status).toBe(200);
          seen.push(...page.body.items.map((t: { title: string }) => t.title));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(seen, sort).toEqual(await titles(`?sort=${sort}`));
      }
    });

    it.each([
      "limit=0",
      "limit=101",
      "limit=abc",
      "limit=1.5",
      "status=done",
      "sort=owner",
      "priority=urgent",
      "dueBefore=tomorrow",
      "dueAfter=2030-13-01T00:00:00Z",
      "cursor=garbage",
      "q=%00",
      // Bounded because a search's cost grows with its length (bench/search-crafted.ts).
      `q=${"a".repeat(51)}`,
    ])("refuses a bad query value: %s", async (query) => {
      expectProblem(await as(`/api/tasks?${query}`), 422);
    });

    it("searches with a q of exactly 50 characters", async () => {
      expect((await as(`/api/tasks?q=${"a".repeat(50)}`)).status).toBe(200);
    });

    it("refuses a cursor made for another sort", async () => {
      const page = await as("/api/tasks?limit=1&sort=title");
      expectProblem(
        await as(`/api/tasks?sort=-title&cursor=${encodeURIComponent(page.body.nextCursor)}`),
        422,
      );
    });
  });

  describe("bad input", () => {
    const long = (n: number) => "x".repeat(n);

    it.each<[string, unknown]>([
      ["a missing title", {}],
      ["an empty title", { title: "" }],
      ["a blank title", { title: "   " }],
      ["a title over 200 characters", { title: long(201) }],
      ["a title that is not a string", { title: 42 }],
      ["a description over 2000 characters", { title: "t", description: long(2001) }],
      ["an unknown priority", { title: "t", priority: "urgent" }],
      ["a due date that is not ISO 8601", { title: "t", dueAt: "next friday" }],
      ["a due date without a time zone", { title: "t", dueAt: "2030-01-01T00:00:00" }],
      ["21 tags", { title: "t", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
      ["an empty tag", { title: "t", tags: [" "] }],
      ["a tag over 32 characters", { title: "t", tags: [long(33)] }],
      ["tags that are not a list", { title: "t", tags: "a,b" }],
      ["completed that is not a boolean", { title: "t", completed: "yes" }],
      ["a NUL byte in the title", { title: "a\u0000b" }],
      ["a NUL byte in a tag", { title: "t", tags: ["a\u0000"] }],
      ["userId", { title: "t", userId: "someone" }],
      ["user_id", { title: "t", user_id: "someone" }],
      ["ownerId", { title: "t", ownerId: "someone" }],
      ["id", { title: "t", id: "00000000-0000-4000-8000-000000000000" }],
      ["version", { title: "t", version: 7 }],
      ["createdAt", { title: "t", createdAt: "2020-01-01T00:00:00Z" }],
      ["an array body", [{ title: "t" }]],
      ["a null body", null],
      ["a string body", "title"],
    ])("refuses %s with 422 and creates nothing", async (_name, json) => {
      const before = (await call("/api/tasks?limit=100")).body.items.length;
      const response = await call("/api/tasks", { method: "POST", json });
      expectProblem(response, 422);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
      );
      expect((await call("/api/tasks?limit=100")).body.items.length).toBe(before);
    });

    it("names an unknown field in the error", async () => {
      const response = await call("/api/tasks", { method: "POST", json: { title: "t", userId: "x" } });
      expect(response.body.errors).toContainEqual({ path: "userId", message: expect.any(String) });
    });

    it("refuses the same unknown fields on PUT and PATCH", async () => {
      const task = await create({ title: "Mine" });
      for (const method of ["PUT", "PATCH"])
        for (const field of ["userId", "user_id", "id", "version"])
          expectProblem(
            await call(`/api/tasks/${task.id}`, { method, json: { title: "t", [field]: "x" } }),
            422,
          );
      expect((await call(`/api/tasks/${task.id}`)).body).toMatchObject({ title: "Mine", version: 1 });
    });

    it("answers 422 for a value PostgreSQL refuses (year 0)", async () => {
      expectProblem(
        await call("/api/tasks", { method: "POST", json: { title: "t", dueAt: "0000-01-01T00:00:00Z" } }),
        422,
      );
    });

    it("answers 400 for a body that is not JSON", async () => {
      expectProblem(
        await call("/api/tasks", {
          method: "POST",
          body: '{"title": ',
          headers: { "content-type": "application/json" },
        }),
        400,
      );
    });

    it("answers 415 for a write that is not JSON", async () => {
      for (const type of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ])
        expectProblem(
          await call("/api/tasks", { method: "POST", body: "title=t", headers: { "content-type": type } }),
          415,
        );
      expectProblem(await call("/api/tasks", { method: "POST", body: '{"title":"t"}' }), 415);
    });

    it("answers 413 for a body over 64 KiB", async () => {
      expectProblem(
        await call("/api/tasks", { method: "POST", json: { title: "t", description: long(70_000) } }),
        413,
      );
    });
  });

  describe("service routes", () => {
    it("serves /health, /ready, /openapi.json and /docs without a token", async () => {
      expect((await stack.request("/health")).status).toBe(200);
      expect((await stack.request("/ready")).status).toBe(200);
      const spec = await stack.request("/openapi.json");
      expect(spec.status).toBe(200);
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining([
          "/api/tasks",
          "/api/tasks/{id}",
          "/api/{userId}/tasks",
          "/api/{userId}/tasks/{id}/complete",
        ]),
      );
      expect(spec.body.components.schemas.TaskInput.additionalProperties).toBe(false);
      const docs = await fetch(`${stack.api.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain("/docs/assets/swagger-ui-bundle.js");
      expect((await fetch(`${stack.api.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    });

    it("allows cross-origin calls from the web app's origin only", async () => {
      const preflight = (origin: string) =>
        fetch(`${stack.api.url}/api/tasks`, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization",
          },
        });
      const allowed = await preflight(stack.auth.issuer);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(stack.auth.issuer);
      const other = await preflight("https://evil.example");
      expect(other.headers.get("access-control-allow-origin")).toBeNull();

      // The web app may resume its event stream with the standard header.
      const resume = await fetch(`${stack.api.url}/api/events`, {
        method: "OPTIONS",
        headers: {
          origin: stack.auth.issuer,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization,last-event-id",
        },
      });
      expect(resume.headers.get("access-control-allow-headers")?.toLowerCase().split(",")).toContain(
        "last-event-id",
      );
    });

    it("marks /api responses as not cacheable and not sniffable", async () => {
      const response = await call("/api/tasks");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    });

    it("answers unknown routes with a 404 problem", async () => {
      expectProblem(await stack.request("/nope"), 404);
    });
  });
});

describe("when the database is unreachable", () => {
  it("writes get 503 problem+json with Retry-After and /ready is 503", async () => {
    const auth = await (await import("./support/auth-server")).startAuthServer({ apiURL: AUDIENCE });
    // Nothing listens on port 9 (discard); connecting is refused at once.
    const db = createDb({
      databaseUrl: "postgres://postgres@127.0.0.1:9/none",
      dataDir: null,
      service: "api",
    });
    const app = createApp({
      db,
      webOrigin: auth.issuer,
      rateLimit: 0,
      auth: { issuer: auth.issuer, audience: AUDIENCE, keys: createKeySource({ jwksUrl: auth.jwksUrl }) },
    });
    const api = await listen(app.fetch);
    try {
      const user = await auth.signUp();
      const write = await request(api.url, "/api/tasks", {
        method: "POST",
        token: user.token,
        json: { title: "t" },
      });
      expect(write.status).toBe(503);
      expect(write.headers.get("retry-after")).toBe("5");
      expect(write.headers.get("content-type")).toBe("application/problem+json");
      expect((await request(api.url, "/api/tasks", { token: user.token })).status).toBe(503);
      expect((await request(api.url, "/ready")).status).toBe(503);
      expect((await request(api.url, "/health")).status).toBe(200);
    } finally {
      await api.close();
      await db.close();
      await auth.close();
    }
  });
});
