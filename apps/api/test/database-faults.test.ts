// PostgreSQL going away, hanging or being slow: the API answers 503 with
// Retry-After instead of hanging or failing obscurely, writes nothing by
// halves, and recovers by itself when the database is back.
import { randomUUID } from "node:crypto";
import { createDb, type DbHandle, tasks } from "@todo/db";
import { waitUntilReady } from "@todo/testing/process";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import { type AuthServer, startAuthServer, type TestUser } from "./support/auth-server";
import { backends, type TestDb } from "./support/databases";
import { listen, type RunningServer } from "./support/http";
import { describePostgres } from "./support/postgres-only";
import { type ApiResponse, AUDIENCE, request } from "./support/stack";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy";

const postgres = backends.find((b) => b.name === "postgres");

let auth: AuthServer;
let user: TestUser;
let testDb: TestDb;

async function startApi(db: DbHandle): Promise<RunningServer> {
  const app = createApp({
    db,
    webOrigin: auth.issuer,
    rateLimit: 0,
    auth: { issuer: auth.issuer, audience: AUDIENCE, keys: createKeySource({ jwksUrl: auth.jwksUrl }) },
  });
  return listen(app.fetch);
}

function expectUnavailable(response: ApiResponse) {
  expect(response.status, JSON.stringify(response.body)).toBe(503);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(JSON.stringify(response.body)).not.toMatch(/select|insert|ECONN|timeout|terminated/i);
}

async function tasksInDatabase(): Promise<{ id: string; title: string }[]> {
  return testDb.handle.db
    .select({ id: tasks.id, title: tasks.title })
    .from(tasks)
    .where(eq(tasks.ownerId, user.id));
}

describePostgres("when PostgreSQL fails", () => {
  beforeAll(async () => {
    if (!postgres) throw new Error("no PostgreSQL back-end");
    auth = await startAuthServer({ apiURL: AUDIENCE });
    user = await auth.signUp();
    testDb = await postgres.create("tasks");
  });
  afterAll(async () => {
    await testDb?.drop();
    await auth?.close();
  });

  describe("behind a TCP proxy that is cut and restored", () => {
    let proxy: TcpProxy;
    let db: DbHandle;
    let api: RunningServer;

    beforeAll(async () => {
      proxy = await startTcpProxy(testDb.url as string);
      db = createDb({
        databaseUrl: proxy.url,
        dataDir: null,
        service: "api",
        poolSize: 5,
        connectTimeoutMs: 500,
        statementTimeoutMs: 1_000,
      });
      api = await startApi(db);
    });
    afterAll(async () => {
      await api?.close();
      // Before the pool: connections stuck in the black hole end only when the proxy drops them.
      await proxy?.close();
      await db?.close();
    });

    const post = (title: string, key?: string) =>
      request(api.url, "/api/tasks", {
        method: "POST",
        token: user.token,
        json: { title },
        headers: key ? { "idempotency-key": key } : {},
      });

    it("answers 503 during the outage, recovers without a restart, and keeps exactly the acknowledged writes", async () => {
      const acknowledged = new Map<string, string>(); // id → title
      const remember = (response: ApiResponse) => {
        if (response.status === 201) acknowledged.set(response.body.id, response.body.title);
      };
      for (let i = 0; i < 10; i++) {
        const response = await post(`before ${i}`);
        expect(response.status).toBe(201);
        remember(response);
      }

      // Clients writing all along, each create with its own key, as the web app sends them.
      let loading = true;
      const attempts: { title: string; key: string; status: number }[] = [];
      const writer = async (worker: number) => {
        for (let n = 0; loading; n++) {
          const title = `load ${worker}-${n}`;
          const key = randomUUID();
          const response = await post(title, key);
          remember(response);
          attempts.push({ title, key, status: response.status });
          if (response.status !== 201) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      const writers = Promise.all([0, 1, 2, 3].map(writer));
      await new Promise((resolve) => setTimeout(resolve, 200));

      await proxy.cut();
      for (let i = 0; i < 5; i++) expectUnavailable(await post(`during ${i}`));
      expectUnavailable(await request(api.url, "/api/tasks", { token: user.token }));
      expectUnavailable(await request(api.url, "/ready"));
      expect((await request(api.url, "/health")).status).toBe(200);

      await proxy.restore();
      const polls = await waitUntilReady(`${api.url}/ready`, { intervalMs: 50, timeoutMs: 10_000 });
      for (let i = 0; i < 5; i++) {
        const response = await post(`after ${i}`);
        expect(response.status).toBe(201);
        remember(response);
      }
      loading = false;
      await writers;

      // A write that was under way when the connection broke may or may not
      // have committed; its client cannot know, so it retries with the same
      // key and gets either the stored answer or a first creation.
      const failed = attempts.filter((a) => a.status !== 201);
      let replayed = 0;
      for (const attempt of failed) {
        const response = await post(attempt.title, attempt.key);
        expect(response.status).toBe(201);
        if (response.headers.get("idempotent-replayed")) replayed++;
        remember(response);
      }

      const stored = await tasksInDatabase();
      expect(new Map(stored.map((t) => [t.id, t.title]))).toEqual(acknowledged);
      expect(new Set(stored.map((t) => t.title)).size).toBe(stored.length);
      expect(stored.some((t) => t.title.startsWith("during"))).toBe(false);
      const statuses = attempts.reduce<Record<number, number>>((counts, a) => {
        counts[a.status] = (counts[a.status] ?? 0) + 1;
        return counts;
      }, {});
      console.log(
        `[outage] ${attempts.length} load writes ${JSON.stringify(statuses)}; ${failed.length} retried ` +
          `(${replayed} replayed); ready again after ${polls} poll(s); ${stored.length} tasks stored`,
      );
      expect(failed.length).toBeGreaterThan(0);
    });

    it("answers 503 when connections hang (connect timeout, then read timeout) and recovers", async () => {
      const before = (await tasksInDatabase()).length;
      // No pooled connection survives a cut, so the next one must be opened: into the black hole.
      await proxy.cut();
      await proxy.restore();
      proxy.blackHole();
      expectUnavailable(await post("never"));
      expectUnavailable(await request(api.url, "/ready"));
      await proxy.restore();
      await waitUntilReady(`${api.url}/ready`, { intervalMs: 50, timeoutMs: 10_000 });

      // Now pooled connections exist and stop answering mid-conversation;
      // more requests hang on them than the pool holds (5), and none may
      // keep its connection when it gives up, or the pool would stay empty.
      const warm = await Promise.all([0, 1, 2, 3, 4].map((i) => post(`fine ${i}`)));
      expect(warm.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      proxy.blackHole();
      const hung = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => post(`never ${i}`)));
      for (const response of hung) expectUnavailable(response);
      expectUnavailable(await request(api.url, "/ready"));
      await proxy.restore();
      await waitUntilReady(`${api.url}/ready`, { intervalMs: 50, timeoutMs: 10_000 });
      const after = await Promise.all([0, 1, 2, 3, 4, 5, 6].map((i) => post(`after ${i}`)));
      expect(after.map((r) => r.status)).toEqual(Array(7).fill(201));

      const titles = (await tasksInDatabase()).map((t) => t.title);
      expect(titles).toHaveLength(before + 12);
      expect(titles.filter((t) => t.startsWith("never"))).toEqual([]);
    });
  });

  describe("with a statement that hangs", () => {
    let db: DbHandle;
    let api: RunningServer;
    let blocker: pg.Client;

    beforeAll(async () => {
      db = createDb({
        databaseUrl: testDb.url as string,
        dataDir: null,
        service: "api",
        statementTimeoutMs: 300,
      });
      api = await startApi(db);
      blocker = new pg.Client({ connectionString: testDb.url as string });
      blocker.on("error", () => {});
      await blocker.connect();
    });
    afterAll(async () => {
      await blocker?.end();
      await api?.close();
      await db?.close();
    });

    it("cuts it off with the statement timeout and answers 503; nothing is written", async () => {
      const before = (await tasksInDatabase()).length;
      await blocker.query("begin");
      // Every read and write of tasks now waits for this lock, as behind a stuck migration.
      await blocker.query("lock table tasks in access exclusive mode");
      const key = randomUUID();
      try {
        const write = await request(api.url, "/api/tasks", {
          method: "POST",
          token: user.token,
          json: { title: "stuck" },
        });
        expectUnavailable(write);
        const keyed = await request(api.url, "/api/tasks", {
          method: "POST",
          token: user.token,
          json: { title: "stuck with a key" },
          headers: { "idempotency-key": key },
        });
        expectUnavailable(keyed);
        expectUnavailable(await request(api.url, "/api/tasks", { token: user.token }));
        // The database itself answers: only one table is stuck.
        expect((await request(api.url, "/ready")).status).toBe(200);
      } finally {
        await blocker.query("rollback");
      }
      expect(await tasksInDatabase()).toHaveLength(before);
      // The keyed create was not remembered as done: its retry creates the task.
      const retry = await request(api.url, "/api/tasks", {
        method: "POST",
        token: user.token,
        json: { title: "stuck with a key" },
        headers: { "idempotency-key": key },
      });
      expect(retry.status).toBe(201);
      expect(retry.headers.get("idempotent-replayed")).toBeNull();
    });

    it("applies the timeout to every pooled connection", async () => {
      const result = await db.db.execute("show statement_timeout");
      expect(JSON.stringify((result as unknown as { rows: unknown[] }).rows)).toContain("300ms");
    });

    it("cancels a slow query on the server with SQLSTATE 57014", async () => {
      await expect(db.db.execute("select pg_sleep(2)")).rejects.toMatchObject({
        cause: expect.objectContaining({ code: "57014" }),
      });
    });
  });
});
