// Idempotency-Key on POST /api/tasks: a retried create returns the first
// answer and makes nothing new, on every database back-end.
import { randomUUID } from "node:crypto";
import { createIdempotencyKeyStore, idempotencyKeys, tasks } from "@todo/db";
import { count, eq, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestUser } from "./support/auth-server";
import { backends } from "./support/databases";
import { itOnPostgres } from "./support/postgres-only";
import { type ApiResponse, type Stack, startStack } from "./support/stack";

describe.each(backends)("Idempotency-Key on $name", (backend) => {
  let stack: Stack;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startStack(backend);
    user = await stack.auth.signUp();
  });
  afterAll(() => stack.close());

  const create = (json: unknown, key: string | undefined, who: TestUser = user, path = "/api/tasks") =>
    stack.request(path, {
      method: "POST",
      token: who.token,
      json,
      headers: key === undefined ? {} : { "idempotency-key": key },
    });

  async function taskCount(who: TestUser = user): Promise<number> {
    const [row] = await stack.db.handle.db
      .select({ n: count() })
      .from(tasks)
      .where(eq(tasks.ownerId, who.id));
    return row?.n ?? 0;
  }

  function expectSameResponse(replay: ApiResponse, first: ApiResponse) {
    expect(replay.status).toBe(first.status);
    expect(replay.body).toEqual(first.body);
    for (const header of ["location", "etag", "content-type"])
      expect(replay.headers.get(header), header).toBe(first.headers.get(header));
  }

  it("20 concurrent POSTs with one key make exactly one task; every 201 is the same answer", async () => {
    const key = randomUUID();
    const before = await taskCount();
    const responses = await Promise.all(Array.from({ length: 20 }, () => create({ title: "once" }, key)));
    const statuses = responses.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(","),
    ).toBe(true);
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    for (const response of created) expectSameResponse(response, created[0] as ApiResponse);
    for (const conflict of responses.filter((r) => r.status === 409)) {
      expect(conflict.headers.get("content-type")).toBe("application/problem+json");
      expect(conflict.headers.get("retry-after")).toBe("1");
    }
    expect(await taskCount()).toBe(before + 1);
    console.log(
      `[idempotency ${backend.name}] 20 concurrent: ${created.length}×201, ${20 - created.length}×409`,
    );
  });

  it("a replay after completion returns the first response and creates nothing", async () => {
    const key = `replay-${randomUUID()}`;
    const body = { title: "Pay rent", priority: "high", tags: ["home"] };
    const first = await create(body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const before = await taskCount();
    const again = await create(body, key);
    expectSameResponse(again, first);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(await taskCount()).toBe(before);
    // The task itself is the one the first answer named.
    const read = await stack.request(first.headers.get("location") ?? "", { token: user.token });
    expect(read.body).toEqual(first.body);
  });

  it("the same key with a different body is 422 and creates nothing", async () => {
    const key = randomUUID();
    expect((await create({ title: "A" }, key)).status).toBe(201);
    const before = await taskCount();
    const other = await create({ title: "B" }, key);
    expect(other.status).toBe(422);
    expect(other.headers.get("content-type")).toBe("application/problem+json");
    expect(other.body.errors).toEqual([{ path: "Idempotency-Key", message: expect.any(String) }]);
    expect(await taskCount()).toBe(before);
  });

  it("keys are per user: two people with the same key each get their own task", async () => {
    const other = await stack.auth.signUp();
    const key = "shared-key";
    const mine = await create({ title: "mine" }, key);
    const theirs = await create({ title: "theirs" }, key, other);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.title).toBe("theirs");
    // And the same body under the same key is still a separate task for each.
    const third = await stack.auth.signUp();
    const same = await create({ title: "mine" }, key, third);
    expect(same.status).toBe(201);
    expect(same.body.id).not.toBe(mine.body.id);
    expect(await taskCount(third)).toBe(1);
  });

  it("the compatibility POST honours the key, sharing it with POST /api/tasks", async () => {
    const key = randomUUID();
    const viaCompat = await create({ title: "compat" }, key, user, `/api/${user.id}/tasks`);
    expect(viaCompat.status).toBe(201);
    const before = await taskCount();
    const replay = await create({ title: "compat" }, key);
    expectSameResponse(replay, viaCompat);
    expect(await taskCount()).toBe(before);
  });

  it("a refused request is not remembered: its key can be used again once the body is fixed", async () => {
    const key = randomUUID();
    const bad = await create({ title: "" }, key);
    expect(bad.status).toBe(422);
    const good = await create({ title: "fixed" }, key);
    expect(good.status).toBe(201);
    expect(good.headers.get("idempotent-replayed")).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["a control character", "a\tb"],
    ["a non-ASCII character", "clé"],
  ])("refuses a key that is %s with 422", async (_name, key) => {
    const before = await taskCount();
    const response = await create({ title: "t" }, key);
    expect(response.status).toBe(422);
    expect(response.body.errors?.[0]?.path).toBe("Idempotency-Key");
    expect(await taskCount()).toBe(before);
  });

  it("accepts 255 printable characters, spaces and punctuation included", async () => {
    const key = `${"k".repeat(241)} !"#$%&'()*+,-`;
    expect(key).toHaveLength(255);
    expect((await create({ title: "long key" }, key)).status).toBe(201);
    expect((await create({ title: "long key" }, key)).headers.get("idempotent-replayed")).toBe("true");
  });

  it("writes the task and the stored answer in one transaction: if the answer cannot be stored, there is no task", async () => {
    const before = await taskCount();
    // A trigger that refuses one particular key, standing in for a crash between the two writes.
    await stack.db.handle.db.execute(sql`
      create function refuse_key() returns trigger language plpgsql as $$
      begin
        if new.key = 'doomed' then raise exception 'simulated failure'; end if;
        return new;
      end $$`);
    await stack.db.handle.db.execute(
      sql`create trigger refuse_key before insert on idempotency_keys for each row execute function refuse_key()`,
    );
    try {
      const response = await create({ title: "must not survive" }, "doomed");
      expect(response.status).toBe(500);
      expect(await taskCount()).toBe(before);
    } finally {
      await stack.db.handle.db.execute(sql`drop trigger refuse_key on idempotency_keys`);
      await stack.db.handle.db.execute(sql`drop function refuse_key()`);
    }
    // The key was not stored either, so the retry goes through.
    expect((await create({ title: "must not survive" }, "doomed")).status).toBe(201);
    expect(await taskCount()).toBe(before + 1);
  });

  it("forgets a key after it expires, and purges expired keys as new ones are stored", async () => {
    const key = randomUUID();
    const first = await create({ title: "old" }, key);
    expect(first.status).toBe(201);
    await stack.db.handle.db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(idempotencyKeys.ownerId, user.id));
    // Expired: a different body is no longer a conflict, and the key makes a new task.
    const fresh = await create({ title: "new" }, key);
    expect(fresh.status).toBe(201);
    expect(fresh.body.id).not.toBe(first.body.id);
    const [left] = await stack.db.handle.db
      .select({ n: count() })
      .from(idempotencyKeys)
      .where(sql`${idempotencyKeys.expiresAt} <= now()`);
    expect(left?.n).toBe(0);
    const [kept] = await stack.db.handle.db
      .select({ n: count() })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    expect(kept?.n).toBe(1);
  });

  it("keeps a key for 24 hours", async () => {
    const key = randomUUID();
    expect((await create({ title: "day" }, key)).status).toBe(201);
    const [row] = await stack.db.handle.db
      .select({ seconds: sql<number>`extract(epoch from ${idempotencyKeys.expiresAt} - now())::int` })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, key));
    expect(row?.seconds).toBeGreaterThan(24 * 3600 - 60);
    expect(row?.seconds).toBeLessThanOrEqual(24 * 3600);
  });

  it("can forget every key of one user (for account deletion), and only theirs", async () => {
    const leaving = await stack.auth.signUp();
    const staying = await stack.auth.signUp();
    for (const who of [leaving, staying]) expect((await create({ title: "x" }, "k1", who)).status).toBe(201);
    const keysOf = async (who: TestUser) =>
      (
        await stack.db.handle.db
          .select({ n: count() })
          .from(idempotencyKeys)
          .where(eq(idempotencyKeys.ownerId, who.id))
      )[0]?.n;
    expect(await createIdempotencyKeyStore(stack.db.handle.db).deleteKeysForOwner(leaving.id)).toBe(1);
    expect(await keysOf(leaving)).toBe(0);
    expect(await keysOf(staying)).toBe(1);
  });

  itOnPostgres(backend)("answers 409 to a replay while the first request is still running", async () => {
    const url = stack.db.url as string;
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    try {
      // Hold the first request inside its transaction: its insert waits for this lock.
      await blocker.query("begin");
      await blocker.query("lock table tasks in exclusive mode");
      const key = randomUUID();
      const first = create({ title: "slow" }, key);
      // Wait until it is blocked in the database, holding its key.
      for (let i = 0; ; i++) {
        const { rows } = await blocker.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()",
        );
        if ((rows[0]?.n ?? 0) > 0) break;
        if (i > 200) throw new Error("the first request never reached the database");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const second = await create({ title: "slow" }, key);
      expect(second.status).toBe(409);
      expect(second.headers.get("retry-after")).toBe("1");
      await blocker.query("commit");
      const done = await first;
      expect(done.status).toBe(201);
      expectSameResponse(await create({ title: "slow" }, key), done);
    } finally {
      await blocker.query("rollback").catch(() => {});
      await blocker.end();
    }
  });
});
