// API_RATE_LIMIT: requests per user per minute, counted in the database so
// that the limit holds across API processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import { backends } from "./support/databases";
import { listen } from "./support/http";
import { AUDIENCE, request, type Stack, startStack } from "./support/stack";

describe.each(backends)("per-user rate limit on $name", (backend) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(backend, { rateLimit: 5 });
  });
  afterAll(() => stack.close());

  it("answers the sixth request in a minute with 429 and Retry-After, per user", async () => {
    const alice = await stack.auth.signUp();
    const bob = await stack.auth.signUp();
    for (let i = 0; i < 5; i++)
      expect((await stack.request("/api/tasks", { token: alice.token })).status).toBe(200);
    const refused = await stack.request("/api/tasks", { token: alice.token });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Writes are refused too, and nothing is written.
    expect(
      (await stack.request("/api/tasks", { method: "POST", token: alice.token, json: { title: "x" } }))
        .status,
    ).toBe(429);
    // Someone else is not affected.
    expect((await stack.request("/api/tasks", { token: bob.token })).status).toBe(200);
  });

  it("counts a compatibility route once", async () => {
    const carol = await stack.auth.signUp();
    for (let i = 0; i < 5; i++)
      expect((await stack.request(`/api/${carol.id}/tasks`, { token: carol.token })).status).toBe(200);
    expect((await stack.request(`/api/${carol.id}/tasks`, { token: carol.token })).status).toBe(429);
  });

  it("is shared by two API processes on one database, and exact under concurrency", async () => {
    const dave = await stack.auth.signUp();
    const second = createApp({
      db: stack.db.handle,
      webOrigin: stack.auth.issuer,
      rateLimit: 5,
      auth: {
        issuer: stack.auth.issuer,
        audience: AUDIENCE,
        keys: createKeySource({ jwksUrl: stack.auth.jwksUrl }),
      },
    });
    const other = await listen(second.fetch);
    try {
      const statuses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          request(i % 2 ? other.url : stack.api.url, "/api/me", { token: dave.token }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    } finally {
      await other.close();
    }
  });

  it("resets when the minute's window ends", async () => {
    const { createRateLimiter } = await import("@todo/db");
    const limiter = createRateLimiter(stack.db.handle.db);
    const start = 1_800_000_000_000;
    expect((await limiter.consume("k", 1, 60_000, start)).allowed).toBe(true);
    expect((await limiter.consume("k", 1, 60_000, start + 59_000)).allowed).toBe(false);
    expect((await limiter.consume("k", 1, 60_000, start + 60_000)).allowed).toBe(true);
  });
});

describe("API_RATE_LIMIT=0", () => {
  it("turns the limit off", async () => {
    const [backend] = backends;
    if (!backend) throw new Error("no backend");
    const stack = await startStack(backend, { rateLimit: 0 });
    try {
      const user = await stack.auth.signUp();
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () =>
          stack.request("/api/me", { token: user.token }).then((r) => r.status),
        ),
      );
      expect(new Set(statuses)).toEqual(new Set([200]));
    } finally {
      await stack.close();
    }
  });
});
