// `npm run bench`: the task API under load, on PostgreSQL and on embedded
// PGlite, against the floor (bench/floor.ts).
//
//  1. A real Better Auth instance (the web app's createAuth) runs in this
//     process on 127.0.0.1; 101 users sign up through it and get real EdDSA
//     tokens from its /token endpoint.
//  2. Per back-end: a fresh database (todo_bench_<random> on the PostgreSQL at
//     BENCH_DATABASE_URL, or a temporary PGlite DATA_DIR), migrated and seeded
//     with SQL: 100 users × 200 tasks and one user with 10,000.
//  3. The API starts as its own process exactly as `npm start` runs it: the
//     bundle `node dist/server.mjs` in apps/api (rebuilt first if stale, with
//     scripts/build.mjs), logging its JSON lines to stdout (here /dev/null);
//     API_RATE_LIMIT=0 and the issuer's keys in JWT_JWKS. bench/load.ts —
//     another process — drives each scenario with autocannon: a warm-up, then
//     BENCH_SECONDS at each connection count.
//  4. One table on stdout, the same as JSON in bench/results/. Every process
//     started is stopped and every database created is dropped, also on Ctrl-C.
//
// Settings: BENCH_SECONDS (15), BENCH_WARMUP_SECONDS (5, at most BENCH_SECONDS),
// BENCH_CONNECTIONS ("1,16,64"), BENCH_BACKENDS ("postgres,pglite"),
// BENCH_SCENARIOS ("floor,list,search,patch,create"; also "floor-prepared",
// "floor-raw-dates", "search-miss", "today", "upcoming"), BENCH_DATABASE_URL (admin URL, default
// postgres://postgres@127.0.0.1:5432/postgres), BENCH_CPU_PROF=1 (write
// the API's CPU profiles to bench/results/profiles/), BENCH_API_RUNNER
// ("compiled", the default: as npm start runs it; "tsx": the sources through
// the tsx loader, as `npm run dev` and the API's tests run them, for comparison),
// BENCH_API_NODE_OPTIONS (NODE_OPTIONS for the API process only, e.g.
// "--max-semi-space-size=4").
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb } from "@todo/db";
import pg from "pg";
import { startBenchApi } from "./lib/api-process";
import { type BenchUser, signUpMany, startIssuer } from "./lib/issuer";
import { cleanupMark, onCleanup, runBench, throwawayDatabase, undoSince } from "./lib/lifecycle";
import {
  freePort,
  type NodeChild,
  root,
  sampleCpu,
  sampleRss,
  startNode,
  waitForHttp,
} from "./lib/processes";
import { fmt, listSetting, machine, numberSetting, table, writeResults } from "./lib/report";
import { countMatches, SEARCH_WORD, seedTasks, taskIdsByOwner } from "./lib/seed";
import { listSql } from "./lib/sql";
import type { LoadConfig, LoadResult, RequestVariant } from "./load";

const env = process.env;
const seconds = numberSetting("BENCH_SECONDS", env.BENCH_SECONDS, 15);
const warmupSeconds = Math.min(seconds, numberSetting("BENCH_WARMUP_SECONDS", env.BENCH_WARMUP_SECONDS, 5));
const connectionCounts = listSetting(env.BENCH_CONNECTIONS, "1,16,64").map(Number);
const backends = listSetting(env.BENCH_BACKENDS, "postgres,pglite");
const scenarios = listSetting(env.BENCH_SCENARIOS, "floor,list,search,patch,create");
const adminUrl = env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const cpuProfile = env.BENCH_CPU_PROF === "1";
// "bundle" was this setting's name for the compiled API before npm start ran it.
const runnerSetting = env.BENCH_API_RUNNER === "bundle" ? "compiled" : env.BENCH_API_RUNNER || "compiled";
if (runnerSetting !== "tsx" && runnerSetting !== "compiled")
  throw new Error(`BENCH_API_RUNNER must be compiled or tsx, got ${runnerSetting}`);
const runner: "tsx" | "compiled" = runnerSetting;
const USERS = 100;
const TASKS_PER_USER = 200;
const BIG_USER_TASKS = 10_000;
const MISSING_WORD = "zebra";

const knownScenarios = [
  "floor",
  "floor-prepared",
  "floor-raw-dates",
  "list",
  "search",
  "search-miss",
  "today",
  "upcoming",
  "patch",
  "create",
];
for (const s of scenarios) if (!knownScenarios.includes(s)) throw new Error(`unknown scenario ${s}`);
for (const b of backends) if (b !== "postgres" && b !== "pglite") throw new Error(`unknown back-end ${b}`);
for (const c of connectionCounts)
  if (!Number.isInteger(c) || c < 1) throw new Error(`bad connection count ${c}`);

export interface Row {
  backend: string;
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  statusCodes: Record<string, number>;
  /** Peak RSS of the server under load (the API; the floor process for floor scenarios), MiB. */
  peakRssMiB: number;
  /** The server's CPU time during the measured run, in cores (1 = one core all the time). */
  serverCores: number;
  /** The server's CPU time per answered request, ms (steadier than req/s on a shared machine). */
  cpuMsPerRequest: number;
  /** Share of all the machine's cores busy during the measured run (everything: API, PostgreSQL, load, neighbours). */
  machineBusy: number;
}

function log(message: string) {
  process.stderr.write(`[bench] ${message}\n`);
}

function runLoad(config: LoadConfig, onMeasuring: () => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "bench", "load.ts")], {
      cwd: root,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let measuring = false;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (!measuring && out.startsWith("measuring\n")) {
        measuring = true;
        onMeasuring();
      }
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    onCleanup(async () => void child.kill("SIGKILL"));
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`load generator failed (${code}): ${err}`));
      resolve(JSON.parse(out.slice("measuring\n".length)) as LoadResult);
    });
    child.stdin.end(JSON.stringify(config));
  });
}

interface Database {
  /** For the API: DATABASE_URL or DATA_DIR. */
  apiEnv: Record<string, string>;
  url?: string;
}

/** Creates, migrates and seeds a database; registers its removal. */
async function prepareDatabase(backend: string, users: BenchUser[], bigUser: BenchUser) {
  let database: Database;
  let handle: ReturnType<typeof createDb>;
  if (backend === "postgres") {
    const url = await throwawayDatabase(adminUrl, "todo_bench", log);
    database = { apiEnv: { DATABASE_URL: url }, url: url };
    handle = createDb({ databaseUrl: url, dataDir: null, service: "api" });
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), "todo-bench-"));
    onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
    database = { apiEnv: { DATABASE_URL: "", DATA_DIR: dataDir } };
    handle = createDb({ dataDir, service: "api" });
  }
  try {
    await handle.migrate("tasks");
    const started = performance.now();
    await seedTasks(
      handle,
      users.map((u) => u.id),
      TASKS_PER_USER,
    );
    await seedTasks(handle, [bigUser.id], BIG_USER_TASKS);
    log(
      `${backend}: seeded ${USERS * TASKS_PER_USER + BIG_USER_TASKS} tasks in ${fmt((performance.now() - started) / 1000)} s`,
    );
    const ids = await taskIdsByOwner(
      handle,
      users.map((u) => u.id),
      20,
    );
    const matches = await countMatches(handle, bigUser.id, SEARCH_WORD);
    return { database, ids, matches };
  } finally {
    // PGlite allows one process per folder: the API opens it next.
    await handle.close();
  }
}

function variantsFor(scenario: string, users: BenchUser[], bigUser: BenchUser, ids: Map<string, string[]>) {
  const auth = (u: BenchUser) => ({ authorization: `Bearer ${u.token}` });
  const json = { "content-type": "application/json" };
  switch (scenario) {
    case "floor":
    case "floor-prepared":
    case "floor-raw-dates":
      return users.map((u) => ({
        method: "GET",
        path: "/api/tasks?limit=50",
        headers: { "x-user-id": u.id },
      }));
    case "list":
      return users.map((u) => ({ method: "GET", path: "/api/tasks?limit=50", headers: auth(u) }));
    case "search":
      return [{ method: "GET", path: `/api/tasks?q=${SEARCH_WORD}`, headers: auth(bigUser) }];
    case "search-miss":
      // A word no task contains: nothing lets the scan stop early.
      return [{ method: "GET", path: `/api/tasks?q=${MISSING_WORD}`, headers: auth(bigUser) }];
    // The planner's views on the 10,000-task user: "today" in their zone, by due.
    case "today":
      return [{ method: "GET", path: "/api/tasks?view=today&limit=50", headers: auth(bigUser) }];
    case "upcoming":
      return [{ method: "GET", path: "/api/tasks?view=upcoming&limit=50", headers: auth(bigUser) }];
    case "create":
      return users.map((u, i) => ({
        method: "POST",
        path: "/api/tasks",
        headers: { ...auth(u), ...json },
        body: JSON.stringify({
          title: `Benchmark task ${i}: renew the parking permit`,
          description: "Created by the benchmark. Bring the registration papers.",
          priority: "medium",
          dueAt: "2030-06-01T09:00:00.000Z",
          tags: ["bench", "errands"],
        }),
      }));
    case "patch": {
      const variants: RequestVariant[] = [];
      // Interleave users: consecutive requests are different users' tasks.
      for (let n = 0; n < 20; n++)
        for (const u of users) {
          const id = ids.get(u.id)?.[n];
          if (id)
            variants.push({
              method: "PATCH",
              path: `/api/tasks/${id}`,
              headers: { ...auth(u), ...json },
              body: JSON.stringify({ completed: n % 2 === 0, priority: n % 3 === 0 ? "high" : "low" }),
            });
        }
      return variants;
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

/** One request of each variant kind must succeed before any load is sent. */
async function check(base: string, variant: RequestVariant, expect: (body: unknown) => boolean) {
  const response = await fetch(`${base}${variant.path}`, {
    method: variant.method,
    headers: variant.headers,
    body: variant.body,
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok || !expect(body))
    throw new Error(
      `sanity check ${variant.method} ${variant.path} failed: ${response.status} ${JSON.stringify(body)}`,
    );
}

/** The list route's SQL as the repository sends it; the floor runs the same text. */
async function floorSql(databaseUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { sql, params } = await listSql(pool);
    // The floor binds them in this order: owner id, then limit + 1.
    if (params.length !== 2 || params[1] !== 51)
      throw new Error(`unexpected list parameters ${JSON.stringify(params)}`);
    return sql;
  } finally {
    await pool.end();
  }
}

async function startFloor(scenario: string, databaseUrl: string): Promise<{ proc: NodeChild; base: string }> {
  const port = await freePort();
  const sql = await floorSql(databaseUrl);
  const proc = startNode("bench/floor.ts", {
    env: {
      DATABASE_URL: databaseUrl,
      FLOOR_SQL: sql,
      PORT: String(port),
      FLOOR_PREPARED: scenario === "floor-prepared" ? "1" : "0",
      FLOOR_RAW_DATES: scenario === "floor-raw-dates" ? "1" : "0",
    },
  });
  onCleanup(() => proc.stop());
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, proc);
  return { proc, base };
}

/**
 * The compiled API, current: `node scripts/build.mjs --if-stale api`, what
 * `npm start` does before it runs apps/api/dist/server.mjs.
 */
async function startApi(database: Database, issuer: string, jwks: unknown, backend: string) {
  const profileDir = path.join(root, "bench", "results", "profiles");
  if (cpuProfile) mkdirSync(profileDir, { recursive: true });
  return startBenchApi({
    databaseEnv: database.apiEnv,
    issuer,
    jwks,
    runner,
    nodeOptions: env.BENCH_API_NODE_OPTIONS ?? "",
    // One file per thread (main, and tsx's loader thread when run by tsx) in a folder per back-end.
    nodeArgs: cpuProfile ? ["--cpu-prof", "--cpu-prof-dir", path.join(profileDir, `api-${backend}`)] : [],
    log,
  });
}

async function main() {
  const started = new Date();
  const rows: Row[] = [];
  const notes: string[] = [];
  log(
    `scenarios ${scenarios.join(",")} × connections ${connectionCounts.join(",")} on ${backends.join(",")}, ` +
      `${warmupSeconds} s warm-up + ${seconds} s each`,
  );
  const issuer = await startIssuer({ jwtExpiresIn: "12h" });
  onCleanup(() => issuer.close());
  const users = await signUpMany(issuer, USERS, "Bench user");
  const bigUser = await issuer.signUp("Bench power user");
  const jwks = await issuer.jwks();
  log(`issuer ${issuer.issuer}: ${USERS + 1} users signed up, tokens minted`);

  let postgresVersion: string | undefined;
  for (const backend of backends) {
    const mark = cleanupMark();
    const { database, ids, matches } = await prepareDatabase(backend, users, bigUser);
    notes.push(`${backend}: q=${SEARCH_WORD} matches ${matches} of the big user's ${BIG_USER_TASKS} tasks`);
    if (backend === "postgres" && database.url) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      postgresVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0]
        ?.server_version;
      await client.end();
    }
    const api = await startApi(database, issuer.issuer, jwks, backend);
    log(`${backend}: API pid ${api.proc.pid} at ${api.base}`);
    const isPage = (body: unknown) => Array.isArray((body as { items?: unknown }).items);
    const isTask = (body: unknown) => typeof (body as { id?: unknown }).id === "string";

    // Connection counts outermost: the floor and the API are measured minutes
    // apart at most, so a busy neighbour skews their ratio less.
    const floors = new Map<string, { proc: NodeChild; base: string }>();
    const checked = new Set<string>();
    for (const connections of connectionCounts)
      for (const scenario of scenarios) {
        const isFloor = scenario.startsWith("floor");
        if (isFloor && !database.url) {
          if (connections === connectionCounts[0])
            log(`${backend}: ${scenario} skipped (the floor talks to PostgreSQL with pg)`);
          continue;
        }
        const variants = variantsFor(scenario, users, bigUser, ids);
        let target = api;
        if (isFloor && database.url) {
          const running = floors.get(scenario) ?? (await startFloor(scenario, database.url));
          floors.set(scenario, running);
          target = running;
        }
        if (!checked.has(scenario)) {
          const first = variants[0] as RequestVariant;
          await check(target.base, first, scenario === "create" || scenario === "patch" ? isTask : isPage);
          checked.add(scenario);
        }
        const rss = sampleRss(target.proc.pid);
        let cpu: ReturnType<typeof sampleCpu> | undefined;
        const pid = target.proc.pid;
        const result = await runLoad(
          { url: target.base, connections, seconds, warmupSeconds, variants },
          () => {
            cpu = sampleCpu(pid);
          },
        );
        const used = cpu?.stop();
        const memory = rss.stop();
        const row: Row = {
          backend,
          scenario,
          connections,
          requestsPerSecond: result.requestsPerSecond,
          p50: result.p50,
          p90: result.p90,
          p99: result.p99,
          max: result.max,
          errors: result.errors,
          statusCodes: result.statusCodes,
          peakRssMiB: memory.peakMiB,
          serverCores: used?.coresBusy ?? NaN,
          cpuMsPerRequest: used ? (used.cpuSeconds * 1000) / result.requests : NaN,
          machineBusy: used?.machineBusy ?? NaN,
        };
        rows.push(row);
        log(
          `${backend} ${scenario} c=${connections}: ${fmt(row.requestsPerSecond)} req/s, p50 ${fmt(row.p50)} ms, ` +
            `p99 ${fmt(row.p99)} ms, errors ${row.errors}, RSS ${fmt(row.peakRssMiB)} MiB, ` +
            `CPU ${fmt(row.cpuMsPerRequest)} ms/request, machine ${(row.machineBusy * 100).toFixed(0)}% busy`,
        );
      }
    // Stop this back-end's processes and drop its database before the next.
    await undoSince(mark);
  }

  // Table order: back-end, scenario as listed, connections.
  const order = (r: Row) => [backends.indexOf(r.backend), scenarios.indexOf(r.scenario), r.connections];
  rows.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  });
  // The floor runs on PostgreSQL only, so the ratio is PostgreSQL's.
  const ratios = rows
    .filter((r) => r.scenario === "list" && r.backend === "postgres")
    .flatMap((r) => {
      const f = rows.find((x) => x.scenario === "floor" && x.connections === r.connections);
      return f
        ? [
            {
              backend: r.backend,
              connections: r.connections,
              oursOverFloor: r.requestsPerSecond / f.requestsPerSecond,
              /** The floor's CPU per request over ours: the same ratio, less swayed by neighbours. */
              cpuFloorOverOurs: f.cpuMsPerRequest / r.cpuMsPerRequest,
            },
          ]
        : [];
    });

  console.log(
    table(
      [
        "backend",
        "scenario",
        "conns",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "peak RSS MiB",
        "server CPU ms/req",
        "server cores",
        "machine busy",
      ],
      rows.map((r) => [
        r.backend,
        r.scenario,
        r.connections,
        fmt(r.requestsPerSecond),
        fmt(r.p50),
        fmt(r.p99),
        r.errors,
        fmt(r.peakRssMiB),
        r.cpuMsPerRequest.toFixed(3),
        r.serverCores.toFixed(2),
        `${(r.machineBusy * 100).toFixed(0)}%`,
      ]),
    ),
  );
  console.log("");
  for (const r of ratios)
    console.log(
      `list ours/floor on PostgreSQL at ${r.connections} connections: ${(r.oursOverFloor * 100).toFixed(0)}% of the floor's requests/s ` +
        `(by server CPU per request: ${(r.cpuFloorOverOurs * 100).toFixed(0)}%)`,
    );
  for (const n of notes) console.log(n);
  const file = writeResults("api", {
    kind: "api",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...machine(), postgres: postgresVersion },
    settings: {
      seconds,
      warmupSeconds,
      connections: connectionCounts,
      backends,
      scenarios,
      users: USERS,
      tasksPerUser: TASKS_PER_USER,
      bigUserTasks: BIG_USER_TASKS,
      searchWord: SEARCH_WORD,
      cpuProfile,
      apiRunner: runner,
      apiNodeOptions: env.BENCH_API_NODE_OPTIONS ?? "",
    },
    rows,
    ratios,
    notes,
  });
  console.log(`results: ${file}`);
}

runBench(main, log);
