// `npm run soak`: the task API under a steady mixed load for a set time, then
// an exact count: every acknowledged write must be there, once, as written.
//
//  1. A fresh database (todo_soak_<random>) on the PostgreSQL at
//     SOAK_DATABASE_URL; a real Better Auth instance (bench/lib/issuer.ts)
//     signs up SOAK_USERS people and issues their tokens.
//  2. Two API processes (`node --import tsx apps/api/src/server.ts`) on that
//     database, fetching the issuer's keys like in production; API_RATE_LIMIT=0
//     so the per-user limit does not turn the load into 429s.
//  3. SOAK_CONNECTIONS clients, each one user, round-robin over the two
//     processes, for SOAK_SECONDS: creates (every one with an Idempotency-Key,
//     some replayed on purpose), lists with filters, reads, edits with
//     If-Match, toggles, deletes. Each client keeps the exact state its user
//     should have; a write that fails without an answer is reconciled the way
//     a real client would (a create is retried with its key, an edit re-read).
//  4. At the end every user's list is read back in full and compared with that
//     state; the database is also counted directly. One summary on stdout;
//     exit 1 on any 5xx, network error, lost, duplicated or altered task.
//  Only 127.0.0.1 is ever contacted. Everything started is stopped and the
//  database is dropped, also on Ctrl-C.
//
// Settings: SOAK_SECONDS (300), SOAK_USERS (20), SOAK_CONNECTIONS (= users),
// SOAK_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/postgres).
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { AUDIENCE, type BenchUser, signUpMany, startIssuer } from "./lib/issuer";
import { freePort, type NodeChild, root, startNode } from "./lib/processes";

const seconds = Number(process.env.SOAK_SECONDS ?? 300);
const userCount = Number(process.env.SOAK_USERS ?? 20);
const connections = Number(process.env.SOAK_CONNECTIONS ?? userCount);
const adminUrl = process.env.SOAK_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
for (const [name, value] of Object.entries({ SOAK_SECONDS: seconds, SOAK_USERS: userCount })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
}
if (!Number.isInteger(connections) || connections < 1 || connections > userCount)
  throw new Error("SOAK_CONNECTIONS must be between 1 and SOAK_USERS (each client is one user)");
if (!["127.0.0.1", "localhost"].includes(new URL(adminUrl).hostname))
  throw new Error("SOAK_DATABASE_URL must point at 127.0.0.1: the soak only ever talks to this machine");

interface Task {
  id: string;
  title: string;
  completed: boolean;
  priority: string;
  tags: string[];
  version: number;
}

interface Outcome {
  status: number;
  body: unknown;
  headers: Headers;
}

const statuses = new Map<string, number>();
const latencies: number[] = [];
let requests = 0;
let replayChecks = 0;
let replayMismatches = 0;
let reconciled = 0;

function count(key: string) {
  statuses.set(key, (statuses.get(key) ?? 0) + 1);
}

const apiUrls: string[] = [];
let turn = 0;

async function call(token: string, pathname: string, init: RequestInit = {}): Promise<Outcome | undefined> {
  const base = apiUrls[turn++ % apiUrls.length] as string;
  const started = performance.now();
  requests++;
  try {
    const response = await fetch(`${base}${pathname}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    latencies.push(performance.now() - started);
    count(String(response.status));
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  } catch (error) {
    count(`network: ${(error as Error).name}`);
    return undefined;
  }
}

const ok = (outcome: Outcome | undefined, status: number) => outcome?.status === status;
const asTask = (body: unknown): Task => {
  const t = body as Task;
  return {
    id: t.id,
    title: t.title,
    completed: t.completed,
    priority: t.priority,
    tags: t.tags,
    version: t.version,
  };
};

/** One client: one user, sequential, keeping the exact state the server should have. */
async function client(user: BenchUser, index: number, until: number): Promise<Map<string, Task>> {
  const tasks = new Map<string, Task>();
  const as = (pathname: string, init?: RequestInit) => call(user.token, pathname, init);
  const pick = () => {
    const ids = [...tasks.keys()];
    return ids[Math.floor(Math.random() * ids.length)];
  };
  const reread = async (id: string) => {
    reconciled++;
    for (;;) {
      const read = await as(`/api/tasks/${id}`);
      if (ok(read, 200)) return tasks.set(id, asTask(read?.body));
      if (ok(read, 404)) return tasks.delete(id);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  for (let n = 0; Date.now() < until; n++) {
    const roll = Math.random();
    const id = pick();
    if (!id || roll < 0.35) {
      const json = JSON.stringify({
        title: `soak ${index}-${n}`,
        priority: ["none", "low", "medium", "high"][n % 4],
        tags: n % 3 === 0 ? ["soak", `t${n % 5}`] : [],
      });
      const key = randomUUID();
      const send = () =>
        as("/api/tasks", { method: "POST", body: json, headers: { "idempotency-key": key } });
      let created = await send();
      // No answer, or not a final one: retry with the same key, as the web app does.
      while (!created || created.status >= 500 || created.status === 409) {
        reconciled++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        created = await send();
      }
      if (created.status !== 201)
        throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
      const task = asTask(created.body);
      tasks.set(task.id, task);
      if (n % 10 === 0) {
        // A deliberate retry, on the other process: the same answer, nothing new.
        const again = await send();
        replayChecks++;
        if (!ok(again, 201) || JSON.stringify(again?.body) !== JSON.stringify(created.body))
          replayMismatches++;
      }
    } else if (roll < 0.55) {
      const filters = ["", "&status=active", "&status=completed", "&tag=soak", "&sort=priority", "&q=soak"];
      const listed = await as(`/api/tasks?limit=50${filters[n % filters.length]}`);
      if (listed && listed.status !== 200) throw new Error(`list: ${listed.status}`);
    } else if (roll < 0.65) {
      const read = await as(`/api/tasks/${id}`);
      if (read && read.status !== 200) throw new Error(`read: ${read.status}`);
    } else if (roll < 0.8) {
      const task = tasks.get(id) as Task;
      const title = `${task.title.split(" (")[0]} (v${task.version + 1})`;
      const edited = await as(`/api/tasks/${id}`, {
        method: "PATCH",
        body: JSON.stringify({ title }),
        headers: { "if-match": `"${task.version}"` },
      });
      if (ok(edited, 200)) tasks.set(id, asTask(edited?.body));
      else if (!edited || edited.status >= 500) await reread(id);
      else throw new Error(`edit: ${edited.status}`);
    } else if (roll < 0.9) {
      const toggled = await as(`/api/${user.id}/tasks/${id}/complete`, { method: "PATCH" });
      if (ok(toggled, 200)) tasks.set(id, asTask(toggled?.body));
      else if (!toggled || toggled.status >= 500) await reread(id);
      else throw new Error(`toggle: ${toggled.status}`);
    } else {
      const deleted = await as(`/api/tasks/${id}`, { method: "DELETE" });
      if (ok(deleted, 204)) tasks.delete(id);
      else if (!deleted || deleted.status >= 500) await reread(id);
      else throw new Error(`delete: ${deleted.status}`);
    }
  }
  return tasks;
}

/** Every task the server lists for the user, page by page. */
async function listAll(user: BenchUser): Promise<Task[]> {
  const all: Task[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = await call(user.token, `/api/tasks?limit=100&sort=createdAt${query}`);
    if (!ok(page, 200)) throw new Error(`final list: ${page?.status}`);
    const body = page?.body as { items: unknown[]; nextCursor: string | null };
    all.push(...body.items.map(asTask));
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main() {
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch((e) => console.error(String(e)));
  };
  process.once("SIGINT", () => {
    console.error("soak: interrupted; cleaning up");
    void cleanup().then(() => process.exit(130));
  });

  try {
    const name = `todo_soak_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    cleanups.push(async () => {
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    });
    const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

    const issuer = await startIssuer();
    cleanups.push(() => issuer.close());
    const users = (await signUpMany(issuer, userCount, "Soak")).slice(0, userCount);

    const apis: NodeChild[] = [];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const api = startNode(path.join(root, "apps/api/src/server.ts"), {
        cwd: path.join(root, "apps/api"),
        env: {
          DATABASE_URL: databaseUrl,
          BETTER_AUTH_URL: issuer.issuer,
          API_URL: AUDIENCE,
          API_PORT: String(port),
          API_RATE_LIMIT: "0",
        },
      });
      apis.push(api);
      cleanups.push(() => api.stop());
      apiUrls.push(`http://127.0.0.1:${port}`);
    }
    for (const url of apiUrls) {
      for (let i = 0; ; i++) {
        if (
          (await fetch(`${url}/ready`)
            .then((r) => r.ok)
            .catch(() => false)) === true
        )
          break;
        if (i > 300)
          throw new Error(`API at ${url} never became ready:\n${apis.map((a) => a.output()).join("\n")}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    console.log(
      `soak: ${seconds} s, ${connections} clients (one user each) over ${apis.length} API processes, PostgreSQL database ${name}`,
    );
    const started = Date.now();
    const until = started + seconds * 1000;
    const progress = setInterval(() => {
      const elapsed = Math.round((Date.now() - started) / 1000);
      console.log(
        `soak: ${elapsed} s, ${requests} requests, ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
    }, 30_000);
    const active = users.slice(0, connections);
    const expected = await Promise.all(active.map((user, i) => client(user, i, until)));
    clearInterval(progress);
    const elapsed = (Date.now() - started) / 1000;
    const loadRequests = requests;
    const loadStatuses = new Map(statuses);

    // The count: every acknowledged write present, once, as last acknowledged.
    let lost = 0;
    let duplicated = 0;
    let altered = 0;
    let stored = 0;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const [i, user] of active.entries()) {
      const want = expected[i] as Map<string, Task>;
      const listed = await listAll(user);
      const seen = new Set<string>();
      for (const task of listed) {
        if (seen.has(task.id) || !want.has(task.id)) duplicated++;
        else if (JSON.stringify(task) !== JSON.stringify(want.get(task.id))) altered++;
        seen.add(task.id);
      }
      for (const id of want.keys()) if (!seen.has(id)) lost++;
      const titles = listed.map((t) => t.title.split(" (")[0]);
      duplicated += titles.length - new Set(titles).size;
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from tasks where owner_id = $1",
        [user.id],
      );
      const counted = rows[0]?.n ?? 0;
      stored += counted;
      if (counted !== want.size)
        console.error(`soak: user ${i}: ${counted} rows in the database, ${want.size} expected`);
      duplicated += Math.max(0, counted - want.size);
    }
    await db.end();

    await cleanup();
    const exitCodes = apis.map((api) => api.child.exitCode);

    const sorted = latencies.sort((a, b) => a - b);
    // Failures count over the whole run, the final read-back included.
    const fiveHundreds = [...statuses].filter(([s]) => s.startsWith("5")).reduce((n, [, c]) => n + c, 0);
    const network = [...statuses].filter(([s]) => s.startsWith("network")).reduce((n, [, c]) => n + c, 0);
    const summary = {
      seconds: Math.round(elapsed),
      requests: loadRequests,
      requestsPerSecond: Math.round(loadRequests / elapsed),
      statuses: Object.fromEntries([...loadStatuses].sort()),
      errors5xx: fiveHundreds,
      networkErrors: network,
      latencyMs: {
        p50: Math.round(percentile(sorted, 50) * 10) / 10,
        p99: Math.round(percentile(sorted, 99) * 10) / 10,
        max: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
      },
      replays: replayChecks,
      replayMismatches,
      reconciled,
      tasksExpected: expected.reduce((n, m) => n + m.size, 0),
      tasksStored: stored,
      lost,
      duplicated,
      altered,
      apiExitCodes: exitCodes,
    };
    console.log("soak: summary");
    console.log(JSON.stringify(summary, null, 2));
    const failed =
      fiveHundreds + network + lost + duplicated + altered + replayMismatches > 0 ||
      exitCodes.some((code) => code !== 0);
    console.log(failed ? "soak: FAILED" : "soak: passed (no 5xx, nothing lost, duplicated or altered)");
    process.exitCode = failed ? 1 : 0;
  } catch (error) {
    console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
    await cleanup();
    process.exitCode = 1;
  }
}

await main();
