// Two API processes on one PostgreSQL behind a round-robin client: the API
// keeps nothing per user in memory, so it makes no difference which process
// answers — for tasks, tokens, idempotency keys and rate limits alike.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ApiProcess, startApi } from "./support/api-process";
import { type AuthServer, startAuthServer, type TestUser } from "./support/auth-server";
import { backends, type TestDb } from "./support/databases";
import { describePostgres } from "./support/postgres-only";
import { type ApiRequest, type ApiResponse, AUDIENCE, request } from "./support/stack";

const USERS = 10;
const WRITES_PER_USER = 100;

interface Expected {
  title: string;
  completed: boolean;
  version: number;
}

/** Small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describePostgres("two API processes on one PostgreSQL", () => {
  let auth: AuthServer;
  let db: TestDb;
  const apis: ApiProcess[] = [];
  let turn = 0;
  /** Round robin: each request goes to the next process. */
  const call = (path: string, init: ApiRequest = {}): Promise<ApiResponse> =>
    request((apis[turn++ % apis.length] as ApiProcess).url, path, init);

  beforeAll(async () => {
    const postgres = backends.find((b) => b.name === "postgres");
    if (!postgres) throw new Error("no PostgreSQL back-end");
    auth = await startAuthServer({ apiURL: AUDIENCE });
    // Empty: both processes start together and apply the migrations themselves.
    db = await postgres.create([]);
    const env = { DATABASE_URL: db.url as string, BETTER_AUTH_URL: auth.issuer, API_URL: AUDIENCE };
    apis.push(...(await Promise.all([startApi(env), startApi(env)])));
  });
  afterAll(async () => {
    const codes = await Promise.all(apis.map((api) => api.stop()));
    await db?.drop();
    await auth?.close();
    expect(codes).toEqual(apis.map(() => 0));
  });

  it("1,000 mixed writes from 10 users: each list is exactly what its user wrote, on either process", async () => {
    const users = await Promise.all(Array.from({ length: USERS }, (_, i) => auth.signUp(`User ${i}`)));
    let replays = 0;

    async function writeAs(user: TestUser, index: number): Promise<Map<string, Expected>> {
      const expected = new Map<string, Expected>();
      const next = random(index + 1);
      const as = (path: string, init: ApiRequest = {}) => call(path, { token: user.token, ...init });
      const pick = () => {
        const ids = [...expected.keys()];
        return ids[Math.floor(next() * ids.length)] as string;
      };
      for (let i = 0; i < WRITES_PER_USER; i++) {
        const roll = next();
        if (expected.size === 0 || roll < 0.45) {
          const json = { title: `user ${index} task ${i}` };
          const key = roll < 0.2 ? randomUUID() : undefined;
          const headers: Record<string, string> = key ? { "idempotency-key": key } : {};
          const created = await as("/api/tasks", { method: "POST", json, headers });
          expect(created.status).toBe(201);
          expected.set(created.body.id, { title: json.title, completed: false, version: 1 });
          if (key) {
            // The retry lands on the other process and gets the same answer.
            const again = await as("/api/tasks", { method: "POST", json, headers });
            expect(again.status).toBe(201);
            expect(again.body).toEqual(created.body);
            replays++;
          }
        } else if (roll < 0.65) {
          const id = pick();
          const task = expected.get(id) as Expected;
          const title = `${task.title} (edited at ${i})`;
          const updated = await as(`/api/tasks/${id}`, {
            method: "PATCH",
            json: { title },
            headers: { "if-match": `"${task.version}"` },
          });
          expect(updated.status).toBe(200);
          expected.set(id, { ...task, title, version: task.version + 1 });
        } else if (roll < 0.85) {
          const id = pick();
          const task = expected.get(id) as Expected;
          const toggled = await as(`/api/${user.id}/tasks/${id}/complete`, { method: "PATCH" });
          expect(toggled.status).toBe(200);
          expected.set(id, { ...task, completed: !task.completed, version: task.version + 1 });
        } else {
          const id = pick();
          const deleted = await as(`/api/tasks/${id}`, { method: "DELETE" });
          expect(deleted.status).toBe(204);
          expected.delete(id);
        }
      }
      return expected;
    }

    const started = performance.now();
    const written = await Promise.all(users.map((user, i) => writeAs(user, i)));
    const seconds = (performance.now() - started) / 1000;

    for (const [i, user] of users.entries()) {
      const expected = written[i] as Map<string, Expected>;
      const lists = await Promise.all(
        apis.map((api) => request(api.url, "/api/tasks?limit=100&sort=createdAt", { token: user.token })),
      );
      for (const list of lists) {
        expect(list.status).toBe(200);
        expect(list.body.nextCursor).toBeNull();
        const actual = new Map<string, Expected>(
          (list.body.items as (Expected & { id: string })[]).map((t) => [
            t.id,
            { title: t.title, completed: t.completed, version: t.version },
          ]),
        );
        expect(actual).toEqual(expected);
      }
      // Identical answers from both processes, byte for byte.
      expect(lists[0]?.body).toEqual(lists[1]?.body);
    }
    console.log(
      `[multi-process] ${USERS * WRITES_PER_USER} writes (+${replays} replays) in ${seconds.toFixed(1)} s ` +
        `over ${apis.length} processes; ${written.reduce((n, m) => n + m.size, 0)} tasks remain`,
    );
  });

  it("one Idempotency-Key sent to both processes at once makes one task", async () => {
    const user = await auth.signUp();
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        call("/api/tasks", {
          method: "POST",
          token: user.token,
          json: { title: "both" },
          headers: { "idempotency-key": key },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).toBe(true);
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    for (const response of created) expect(response.body).toEqual(created[0]?.body);
    const list = await call("/api/tasks", { token: user.token });
    expect(list.body.items).toHaveLength(1);
  });

  it("counts the per-user rate limit once across both processes", async () => {
    const user = await auth.signUp();
    // The limit is a fixed one-minute window: start early in one, so that it does not roll over mid-test.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
    const statuses: number[] = [];
    const worker = async () => {
      while (statuses.length < 320) {
        statuses.push(0);
        const slot = statuses.length - 1;
        statuses[slot] = (await call("/api/me", { token: user.token })).status;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(statuses.filter((s) => s === 200)).toHaveLength(300);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });
});
