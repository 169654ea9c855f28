// GET /api/events (SPEC §9) through real HTTP, on every database back-end:
// each kind of event, only the caller's, catch-up after a dropped connection,
// `reset`, keep-alives, the end at token expiry — and, on PostgreSQL, a
// change made through one API process reaching a stream on another.
import { createDb, type DbHandle } from "@todo/db";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { createKeySource } from "../src/auth/key-source";
import { createEventHub } from "../src/events/event-hub";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { listen } from "./support/http";
import { type ApiRequest, AUDIENCE, request, type Stack, startStack } from "./support/stack";

interface SseEvent {
  event: string;
  id: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
  data: any;
}

/** An open stream: events as they arrive, comments counted, and a way to wait for more. */
async function openStream(base: string, token: string, headers: Record<string, string> = {}, query = "") {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events${query}`, {
    headers: { authorization: `Bearer ${token}`, accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  let comments = 0;
  let ended = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true });
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(":")) comments += 1;
          else {
            const field = (name: string) =>
              block
                .split("\n")
                .filter((line) => line.startsWith(`${name}: `))
                .map((line) => line.slice(name.length + 2))
                .join("\n");
            events.push({
              event: field("event"),
              id: field("id") || undefined,
              data: JSON.parse(field("data")),
            });
          }
          end = buffer.indexOf("\n\n");
        }
        notify();
      }
    } catch {
      // aborted
    }
    ended = true;
    notify();
  })();
  return {
    response,
    events,
    comments: () => comments,
    ended: () => ended,
    /** Resolves once `test` holds, or fails after `ms`. */
    async until(test: () => boolean, ms = 3_000) {
      const start = Date.now();
      while (!test()) {
        if (Date.now() - start > ms) throw new Error(`timed out; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          waiters.add(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}

describe.each(backends)("event stream on $name", (backend) => {
  let stack: Stack;
  let alice: TestUser;
  let bob: TestUser;
  const as =
    (user: TestUser) =>
    (path: string, init: ApiRequest = {}) =>
      stack.request(path, { token: user.token, ...init });

  beforeAll(async () => {
    stack = await startStack(backend, { heartbeatMs: 200 });
    alice = await stack.auth.signUp("Alice");
    bob = await stack.auth.signUp("Bob");
  });
  afterAll(() => stack.close());

  it("streams every kind of change of the caller's, within a second, and nobody else's", async () => {
    const mine = await openStream(stack.api.url, alice.token);
    const theirs = await openStream(stack.api.url, bob.token);
    expect(mine.response.status).toBe(200);
    expect(mine.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const call = as(alice);

    const started = Date.now();
    const task = (await call("/api/tasks", { method: "POST", json: { title: "live" } })).body;
    await mine.until(() => mine.events.some((e) => e.event === "task" && e.data.task?.id === task.id), 1_000);
    const latency = Date.now() - started;
    expect(latency).toBeLessThan(1_000);

    await call(`/api/tasks/${task.id}`, { method: "PATCH", json: { title: "live 2" } });
    const list = (await call("/api/lists", { method: "POST", json: { name: "Live list" } })).body;
    const done = (await call("/api/tasks", { method: "POST", json: { title: "done", completed: true } }))
      .body;
    await call("/api/tasks?status=completed", { method: "DELETE" });
    await call(`/api/tasks/${task.id}`, { method: "DELETE" });
    await call(`/api/lists/${list.id}`, { method: "DELETE" });
    await mine.until(() => mine.events.some((e) => e.event === "list" && e.data.op === "delete"));

    const summary = mine.events.map((e) => [
      e.event,
      e.data.op,
      e.data.task?.title ?? e.data.list?.name ?? e.data.id,
    ]);
    expect(summary).toEqual(
      expect.arrayContaining([
        ["task", "upsert", expect.any(String)],
        ["list", "upsert", "Live list"],
        ["task", "delete", done.id],
        ["task", "delete", task.id],
        ["list", "delete", list.id],
      ]),
    );
    // The Inbox made for the first task is a list event too.
    expect(summary).toContainEqual(["list", "upsert", "Inbox"]);
    // Ids only grow.
    const ids = mine.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);

    // Bob's stream saw none of it (and did get keep-alives).
    await theirs.until(() => theirs.comments() > 0);
    expect(theirs.events).toEqual([]);
    await mine.close();
    await theirs.close();
  });

  it("replays what was missed after Last-Event-ID or ?since=, and says reset when that is gone", async () => {
    const carol = await stack.auth.signUp("Carol");
    const call = as(carol);
    const first = await openStream(stack.api.url, carol.token);
    await call("/api/tasks", { method: "POST", json: { title: "one" } });
    await first.until(() => first.events.some((e) => e.data.task?.title === "one"));
    const lastId = first.events.at(-1)?.id as string;
    await first.close();

    await call("/api/tasks", { method: "POST", json: { title: "two" } });
    await call("/api/tasks", { method: "POST", json: { title: "three" } });

    const again = await openStream(stack.api.url, carol.token, { "last-event-id": lastId });
    await again.until(() => again.events.length >= 2);
    expect(again.events.map((e) => e.data.task?.title)).toEqual(["two", "three"]);
    await again.close();

    const bySince = await openStream(stack.api.url, carol.token, {}, `?since=${lastId}`);
    await bySince.until(() => bySince.events.length >= 2);
    expect(bySince.events.map((e) => e.data.task?.title)).toEqual(["two", "three"]);
    await bySince.close();

    // An id this feed never gave out: reload.
    const future = await openStream(stack.api.url, carol.token, { "last-event-id": "999999" });
    await future.until(() => future.events.length >= 1);
    expect(future.events[0]?.event).toBe("reset");
    await future.close();

    // Changes pruned since the client's id: reload, then live again from there.
    await stack.db.handle.db.execute(
      sql`delete from owner_changes where owner_id = ${carol.id} and seq <= ${Number(lastId) + 1}`,
    );
    const pruned = await openStream(stack.api.url, carol.token, { "last-event-id": "1" });
    await pruned.until(() => pruned.events.length >= 1);
    expect(pruned.events[0]?.event).toBe("reset");
    await call("/api/tasks", { method: "POST", json: { title: "after reset" } });
    await pruned.until(() => pruned.events.some((e) => e.data.task?.title === "after reset"));
    await pruned.close();

    const bad = await request(stack.api.url, "/api/events", {
      token: carol.token,
      headers: { "last-event-id": "x1" },
    });
    expect(bad.status).toBe(422);
    const anonymous = await request(stack.api.url, "/api/events");
    expect(anonymous.status).toBe(401);
  });

  it("ends the stream when the token expires, and every stream on shutdown", async () => {
    const shortLived = await startStack(backend, { jwtExpiresIn: "2s" });
    try {
      const dave = await shortLived.auth.signUp("Dave");
      const stream = await openStream(shortLived.api.url, dave.token);
      expect(stream.response.status).toBe(200);
      await stream.until(() => stream.ended(), 6_000);
      const other = await shortLived.auth.signUp("Erin");
      const open = await openStream(shortLived.api.url, other.token);
      await open.until(() => shortLived.events.openStreams() === 1);
      shortLived.events.closeAll();
      await open.until(() => open.ended());
      expect(shortLived.events.openStreams()).toBe(0);
    } finally {
      await shortLived.close();
    }
  }, 90_000);

  it.skipIf(backend.name !== "postgres")(
    "delivers a change made through another API process (LISTEN/NOTIFY)",
    async () => {
      // A second API process on the same database: its own pool and its own LISTEN connection.
      const url = stack.db.url as string;
      const second: DbHandle = createDb({ databaseUrl: url, dataDir: null, service: "api" });
      const app = createApp({
        db: second,
        events: createEventHub(second),
        webOrigin: stack.auth.issuer,
        rateLimit: 0,
        auth: {
          issuer: stack.auth.issuer,
          audience: AUDIENCE,
          keys: createKeySource({ jwksUrl: stack.auth.jwksUrl }),
        },
      });
      const server = await listen(app.fetch);
      try {
        const stream = await openStream(server.url, alice.token);
        // Give the LISTEN connection a moment to be established before the change.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const started = Date.now();
        const made = (await as(alice)("/api/tasks", { method: "POST", json: { title: "across processes" } }))
          .body;
        await stream.until(() => stream.events.some((e) => e.data.task?.id === made.id), 1_000);
        expect(Date.now() - started).toBeLessThan(1_000);
        await stream.close();
      } finally {
        await server.close();
        await second.close();
      }
    },
  );
});
