import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http, { type ClientRequest } from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createDb, type DbHandle } from "@todo/db";
import { sql } from "drizzle-orm";
import pg from "pg";
import { buildApi, startBenchApi } from "./lib/api-process";
import { type BenchUser, signUpMany, startIssuer } from "./lib/issuer";
import { cleanupMark, onCleanup, runBench, throwawayDatabase, undoSince } from "./lib/lifecycle";
import { memoryOf, sampleCpu } from "./lib/processes";
import { fmt, listSetting, machine, numberSetting, table, writeResults } from "./lib/report";
import { seedTasks } from "./lib/seed";

const env = process.env;
const usersCount = numberSetting("BENCH_LIVE_USERS", env.BENCH_LIVE_USERS, 250);
const streamsPerUser = numberSetting("BENCH_LIVE_STREAMS_PER_USER", env.BENCH_LIVE_STREAMS_PER_USER, 4);
const writeSeconds = numberSetting("BENCH_LIVE_SECONDS", env.BENCH_LIVE_SECONDS, 20);
const writeRate = numberSetting("BENCH_LIVE_RATE", env.BENCH_LIVE_RATE, 20);
const reminderCount = numberSetting("BENCH_LIVE_REMINDERS", env.BENCH_LIVE_REMINDERS, 10_000);
const reminderLead = numberSetting("BENCH_LIVE_REMINDER_LEAD", env.BENCH_LIVE_REMINDER_LEAD, 15);
const idleSeconds = numberSetting("BENCH_LIVE_IDLE_SECONDS", env.BENCH_LIVE_IDLE_SECONDS, 2);
const streamCount = usersCount * streamsPerUser;
const pgliteLead = numberSetting(
  "BENCH_LIVE_PGLITE_LEAD",
  env.BENCH_LIVE_PGLITE_LEAD,
  Math.round(30 + 0.01 * streamCount),
);
const backends = listSetting(env.BENCH_BACKENDS, "postgres");
const adminUrl = env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
for (const [name, n] of [
  ["BENCH_LIVE_USERS", usersCount],
  ["BENCH_LIVE_STREAMS_PER_USER", streamsPerUser],
] as const)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${n}`);
if (!Number.isInteger(reminderCount))
  throw new Error(`BENCH_LIVE_REMINDERS must be whole, got ${reminderCount}`);
if (writeRate <= 0) throw new Error("BENCH_LIVE_RATE must be above 0");
for (const b of backends) if (b !== "postgres" && b !== "pglite") throw new Error(`unknown back-end ${b}`);
const tasksPerUser = Math.max(1, Math.ceil(reminderCount / usersCount));
/** Streams opened at the same time. */
const OPEN_CONCURRENCY = 50;
/** How long to wait for the last events of a phase after they are due. */
const DRAIN_MS = 10_000;

function log(message: string) {
  process.stderr.write(`[bench:live] ${message}\n`);
}

// ---------------------------------------------------------------- statistics

interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  min: number;
}

/** Nearest-rank percentiles. */
function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return {
    n: sorted.length,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.at(-1) ?? NaN,
    min: sorted[0] ?? NaN,
  };
}

function median(values: number[]): number {
  return summarize(values).p50;
}

/** This process's event-loop delay over a phase (the stream clients run on it). */
function loopDelay() {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return {
    stop(): { p99Ms: number; maxMs: number } {
      histogram.disable();
      return { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 };
    },
  };
}

// ---------------------------------------------------------- the SSE clients

interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

interface LiveStream {
  index: number;
  userIndex: number;
  request: ClientRequest;
  /** Ended by the server or failed while we still wanted it. */
  lostAt: number | undefined;
  events: number;
  comments: number;
  close(): void;
}

type EventHandler = (stream: LiveStream, event: SseEvent, atMs: number, wallMs: number) => void;

/** Opens GET /api/events on a socket of its own; resolves once the 200 and its headers are in. */
function openStream(
  base: URL,
  token: string,
  index: number,
  userIndex: number,
  onEvent: EventHandler,
): Promise<LiveStream> {
  return new Promise((resolve, reject) => {
    let closing = false;
    const request = http.request({
      host: base.hostname,
      port: base.port,
      path: "/api/events",
      method: "GET",
      agent: false,
      headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" },
    });
    const stream: LiveStream = {
      index,
      userIndex,
      request,
      lostAt: undefined,
      events: 0,
      comments: 0,
      close() {
        closing = true;
        request.destroy();
      },
    };
    const lost = () => {
      if (!closing && stream.lostAt === undefined) stream.lostAt = performance.now();
    };
    request.on("error", (error) => {
      lost();
      reject(error);
    });
    request.on("response", (response) => {
      if (response.statusCode !== 200) {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => reject(new Error(`GET /api/events: ${response.statusCode} ${body}`)));
        return;
      }
      response.setEncoding("utf8");
      let buffer = "";
      let event = "";
      let data: string[] = [];
      let id: string | undefined;
      response.on("data", (chunk: string) => {
        const atMs = performance.now();
        const wallMs = Date.now();
        buffer += chunk;
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          if (line === "") {
            if (data.length > 0 || event) {
              stream.events++;
              onEvent(stream, { event: event || "message", data: data.join("\n"), id }, atMs, wallMs);
            }
            event = "";
            data = [];
            continue;
          }
          if (line.startsWith(":")) {
            stream.comments++;
            continue;
          }
          const colon = line.indexOf(":");
          const field = colon === -1 ? line : line.slice(0, colon);
          let value = colon === -1 ? "" : line.slice(colon + 1);
          if (value.startsWith(" ")) value = value.slice(1);
          if (field === "event") event = value;
          else if (field === "data") data.push(value);
          else if (field === "id") id = value;
        }
      });
      response.on("end", lost);
      response.on("close", lost);
      response.on("error", lost);
      resolve(stream);
    });
    request.end();
  });
}

/** Runs `work` over 0..count-1, `concurrency` at a time. */
async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        await work(i);
      }
    }),
  );
}

// ---------------------------------------------------------- the database

interface Database {
  /** For the API: DATABASE_URL or DATA_DIR. */
  apiEnv: Record<string, string>;
  /** PostgreSQL: the bench's own handle, open while the API runs. PGlite: how to open one once the API has stopped. */
  handle: DbHandle | undefined;
  reopen: () => DbHandle;
}

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

async function prepareDatabase(backend: string, users: BenchUser[]): Promise<Database> {
  let handle: DbHandle;
  let database: Database;
  if (backend === "postgres") {
    const url = await throwawayDatabase(adminUrl, "todo_live", log);
    handle = createDb({ databaseUrl: url, dataDir: null, service: "api" });
    const own = handle;
    onCleanup(() => own.close());
    database = {
      apiEnv: { DATABASE_URL: url },
      handle,
      reopen: () => own,
    };
  } else {
    const dataDir = mkdtempSync(path.join(tmpdir(), "todo-live-"));
    onCleanup(async () => rmSync(dataDir, { recursive: true, force: true }));
    handle = createDb({ dataDir, service: "api" });
    const own = handle;
    // Until the API takes the folder (the handle is closed then and this is a no-op).
    onCleanup(async () => {
      if (database.handle === own) await own.close();
    });
    database = {
      apiEnv: { DATABASE_URL: "", DATA_DIR: dataDir },
      handle,
      reopen: () => createDb({ dataDir, service: "api" }),
    };
  }
  await handle.migrate("tasks");
  const started = performance.now();
  await seedTasks(
    handle,
    users.map((u) => u.id),
    tasksPerUser,
  );
  log(
    `${backend}: seeded ${users.length * tasksPerUser} tasks in ${fmt((performance.now() - started) / 1000)} s`,
  );
  return database;
}

/**
 * Inserts `reminderCount` reminder_jobs, all due at `at`, round-robin over the
 * users' seeded tasks (one per task). Returns each job's owner and task.
 */
async function insertReminders(handle: DbHandle, users: BenchUser[], at: Date) {
  const result = await handle.db.execute(sql`
    insert into reminder_jobs (owner_id, task_id, remind_at)
    select owner_id, id, ${at.toISOString()}::timestamptz from (
      select owner_id, id, row_number() over (partition by owner_id order by created_at, id) as n
      from tasks where owner_id = any(string_to_array(${users.map((u) => u.id).join(",")}, ','))
    ) as numbered
    where n <= ${tasksPerUser}::int
    order by n, owner_id
    limit ${reminderCount}::int
    returning owner_id, task_id`);
  return rowsOf<{ owner_id: string; task_id: string }>(result);
}

/** fired_at − remind_at of the jobs due at `at`, and how many have not fired. */
async function firedLags(handle: DbHandle, at: Date) {
  const result = await handle.db.execute(sql`
    select (extract(epoch from (fired_at - remind_at)) * 1000)::float8 as lag_ms
    from reminder_jobs where remind_at = ${at.toISOString()}::timestamptz`);
  const rows = rowsOf<{ lag_ms: number | null }>(result);
  const lags = rows.flatMap((r) => (r.lag_ms === null ? [] : [Number(r.lag_ms)]));
  return { lags, pending: rows.length - lags.length, total: rows.length };
}

// ---------------------------------------------------------- the API

/** `node scripts/build.mjs --if-stale api`, as `npm start` does before it runs apps/api/dist/server.mjs. */
function startApi(database: Database, issuer: string, jwks: unknown) {
  return startBenchApi({ databaseEnv: database.apiEnv, issuer, jwks, log });
}

/** The median of 5 RSS samples over a second, KiB. */
async function steadyRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(memoryOf(pid)?.rssKiB ?? NaN);
    await sleep(250);
  }
  return median(samples);
}

async function createTask(base: string, user: BenchUser, title: string) {
  const response = await fetch(`${base}/api/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify({ title }),
  });
  const body = (await response.json().catch(() => undefined)) as { id?: unknown } | undefined;
  return { status: response.status, id: typeof body?.id === "string" ? body.id : undefined };
}

async function warmUp(base: URL, baseText: string, users: BenchUser[]) {
  const some = users.slice(0, 20);
  for (const user of some) {
    const response = await fetch(new URL("/api/tasks?limit=50", base), {
      headers: { authorization: `Bearer ${user.token}` },
    });
    if (!response.ok) throw new Error(`warm-up GET /api/tasks: ${response.status}`);
    await response.arrayBuffer();
  }
  const first = some[0] as BenchUser;
  const opened: LiveStream[] = [];
  for (let i = 0; i < 8; i++)
    opened.push(await openStream(base, (some[i % some.length] as BenchUser).token, -1 - i, -1, () => {}));
  for (let i = 0; i < 5; i++) {
    const created = await createTask(baseText, first, `Warm-up task ${i}`);
    if (created.status !== 201) throw new Error(`warm-up POST /api/tasks: ${created.status}`);
  }
  await sleep(500);
  for (const s of opened) s.close();
  await sleep(500);
}

// ---------------------------------------------------------- one back-end

interface WriteRecord {
  userIndex: number;
  t0: number;
  t1: number | undefined;
  status: number | undefined;
  /** Stream index → arrival (performance.now()). */
  arrivals: Map<number, number>;
  duplicates: number;
}

interface BackendResult {
  backend: string;
  streams: number;
  streamOpenSeconds: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  kibPerStream: number;
  writes: {
    sent: number;
    ok: number;
    errors: number;
    response: Summary;
    fromSend: Summary;
    fromResponse: Summary;
    expected: number;
    received: number;
    missing: number;
    duplicates: number;
    leaked: number;
    apiCores: number;
    machineBusy: number;
    clientLoopP99Ms: number;
    clientLoopMaxMs: number;
  };
  reminders: {
    inserted: number;
    remindAt: string;
    /** Seconds between the streams being open (and idle) and T; negative: T came first. */
    slackSeconds: number;
    fired: Summary;
    notFired: number;
    lastFiredAfterMs: number;
    arrival: Summary;
    expected: number;
    received: number;
    missing: number;
    duplicates: number;
    leaked: number;
    lastArrivalAfterMs: number;
    apiCores: number;
    machineBusy: number;
    clientLoopP99Ms: number;
    clientLoopMaxMs: number;
  };
  streamsLost: number;
  heartbeats: number;
  notes: string[];
}

async function runBackend(
  backend: string,
  users: BenchUser[],
  issuer: string,
  jwks: unknown,
): Promise<BackendResult> {
  const notes: string[] = [];
  const userIndexById = new Map(users.map((u, i) => [u.id, i]));
  const database = await prepareDatabase(backend, users);
  // Before the reminders are due: a build must not eat into their lead.
  buildApi(log);

  // Reminders: on PGlite now, before the API takes the folder.
  let remindAt: Date | undefined;
  let jobs: { owner_id: string; task_id: string }[] = [];
  if (backend === "pglite") {
    const handle = database.handle as DbHandle;
    remindAt = new Date(Math.ceil((Date.now() + pgliteLead * 1000) / 1000) * 1000);
    jobs = await insertReminders(handle, users, remindAt);
    log(`${backend}: ${jobs.length} reminders due at ${remindAt.toISOString()} (in ${pgliteLead} s)`);
    await handle.close();
    database.handle = undefined;
  }

  const api = await startApi(database, issuer, jwks);
  const base = new URL(api.base);
  log(`${backend}: API pid ${api.proc.pid} at ${api.base}`);
  await warmUp(base, api.base, users);
  const rssBefore = await steadyRss(api.proc.pid);

  // What the streams receive.
  const writesByTitle = new Map<string, WriteRecord>();
  let taskLeaks = 0;
  const reminderOwner = new Map<string, number>(); // task id → user index
  const reminderArrivals = new Map<string, number[]>(); // `${stream}:${task}` → wall-clock arrivals
  let reminderLeaks = 0;
  let lastReminderEventAt = 0;
  const onEvent: EventHandler = (stream, event, atMs, wallMs) => {
    if (event.event === "task") {
      const { task } = JSON.parse(event.data) as { task?: { title?: string } };
      const write = task?.title === undefined ? undefined : writesByTitle.get(task.title);
      if (!write) return;
      if (write.userIndex !== stream.userIndex) taskLeaks++;
      else if (write.arrivals.has(stream.index)) write.duplicates++;
      else write.arrivals.set(stream.index, atMs);
    } else if (event.event === "reminder") {
      const { taskId } = JSON.parse(event.data) as { taskId: string };
      const owner = reminderOwner.get(taskId);
      if (owner === undefined) return;
      if (owner !== stream.userIndex) {
        reminderLeaks++;
        return;
      }
      const key = `${stream.index}:${taskId}`;
      const list = reminderArrivals.get(key) ?? [];
      list.push(wallMs);
      reminderArrivals.set(key, list);
      lastReminderEventAt = atMs;
    }
  };
  if (backend === "pglite")
    for (const job of jobs) reminderOwner.set(job.task_id, userIndexById.get(job.owner_id) ?? -1);

  // Open every stream.
  const streams: LiveStream[] = [];
  onCleanup(async () => {
    for (const s of streams) s.close();
  });
  const openStarted = performance.now();
  await inParallel(streamCount, OPEN_CONCURRENCY, async (i) => {
    const userIndex = i % usersCount;
    const user = users[userIndex] as BenchUser;
    streams.push(await openStream(base, user.token, i, userIndex, onEvent));
  });
  const streamOpenSeconds = (performance.now() - openStarted) / 1000;
  log(`${backend}: ${streams.length} streams open in ${fmt(streamOpenSeconds)} s`);
  await sleep(idleSeconds * 1000);
  const rssAfter = await steadyRss(api.proc.pid);
  const kibPerStream = (rssAfter - rssBefore) / streams.length;
  log(
    `${backend}: API RSS ${fmt(rssBefore / 1024)} → ${fmt(rssAfter / 1024)} MiB: ${fmt(kibPerStream)} KiB per stream`,
  );
  const streamsOpenAt = Date.now();

  // Reminders: on PostgreSQL now, T ahead.
  if (backend === "postgres") {
    remindAt = new Date(Math.ceil((Date.now() + reminderLead * 1000) / 1000) * 1000);
    jobs = await insertReminders(database.handle as DbHandle, users, remindAt);
    for (const job of jobs) reminderOwner.set(job.task_id, userIndexById.get(job.owner_id) ?? -1);
    log(`${backend}: ${jobs.length} reminders due at ${remindAt.toISOString()}`);
  }
  const at = remindAt as Date;
  const slackSeconds = (at.getTime() - streamsOpenAt) / 1000;
  if (slackSeconds < 1)
    notes.push(
      `${backend}: the streams were open only ${fmt(slackSeconds)} s before the reminders were due ` +
        "(raise BENCH_LIVE_PGLITE_LEAD): reminders that fired before a stream opened are missing from it",
    );
  const expectedReminders = jobs.length * streamsPerUser;
  const receivedReminders = () => reminderArrivals.size;
  await sleep(Math.max(0, at.getTime() - Date.now() - 1000));
  const reminderCpu = sampleCpu(api.proc.pid);
  const reminderLoop = loopDelay();
  await sleep(Math.max(0, at.getTime() - Date.now()));
  const reminderStart = performance.now();
  lastReminderEventAt = reminderStart;
  for (;;) {
    await sleep(250);
    const now = performance.now();
    if (receivedReminders() >= expectedReminders) break;
    if (now - lastReminderEventAt > DRAIN_MS) break;
    if (now - reminderStart > 180_000) break;
  }
  const reminderUsed = reminderCpu.stop();
  const reminderDelay = reminderLoop.stop();
  let firedState: Awaited<ReturnType<typeof firedLags>> | undefined;
  if (database.handle) {
    for (let i = 0; i < 40; i++) {
      firedState = await firedLags(database.handle, at);
      if (firedState.pending === 0) break;
      await sleep(500);
    }
  }
  const arrivalLags: number[] = [];
  let reminderDuplicates = 0;
  for (const list of reminderArrivals.values()) {
    arrivalLags.push((list[0] as number) - at.getTime());
    reminderDuplicates += list.length - 1;
  }
  log(
    `${backend}: reminder events ${receivedReminders()} of ${expectedReminders}, ` +
      `p50 ${fmt(median(arrivalLags))} ms after T`,
  );

  // Writes, on schedule.
  const total = Math.round(writeRate * writeSeconds);
  const interval = 1000 / writeRate;
  const writes: WriteRecord[] = [];
  const baseText = api.base;
  const writeCpu = sampleCpu(api.proc.pid);
  const writeLoop = loopDelay();
  const writeStart = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = writeStart + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const userIndex = Math.floor(Math.random() * usersCount);
    const title = `Live write ${i} ${randomBytes(4).toString("hex")}`;
    const record: WriteRecord = {
      userIndex,
      t0: performance.now(),
      t1: undefined,
      status: undefined,
      arrivals: new Map(),
      duplicates: 0,
    };
    writesByTitle.set(title, record);
    writes.push(record);
    pending.push(
      createTask(baseText, users[userIndex] as BenchUser, title).then(
        (answer) => {
          record.t1 = performance.now();
          record.status = answer.status;
        },
        () => {
          record.t1 = performance.now();
        },
      ),
    );
  }
  await Promise.all(pending);
  const writesOk = writes.filter((w) => w.status === 201);
  const expectedDeliveries = writesOk.length * streamsPerUser;
  const delivered = () => writesOk.reduce((n, w) => n + w.arrivals.size, 0);
  const drainStart = performance.now();
  while (delivered() < expectedDeliveries && performance.now() - drainStart < DRAIN_MS) await sleep(100);
  const writeUsed = writeCpu.stop();
  const writeDelay = writeLoop.stop();
  const fromSend: number[] = [];
  const fromResponse: number[] = [];
  for (const w of writesOk)
    for (const arrival of w.arrivals.values()) {
      fromSend.push(arrival - w.t0);
      fromResponse.push(arrival - (w.t1 as number));
    }
  log(
    `${backend}: ${writesOk.length} of ${total} writes answered 201; ${delivered()} of ${expectedDeliveries} task events, ` +
      `p50 ${fmt(median(fromSend))} ms from send`,
  );

  // The streams must still be there.
  const streamsLost = streams.filter((s) => s.lostAt !== undefined).length;
  const heartbeats = streams.reduce((n, s) => n + s.comments, 0);
  for (const s of streams) s.close();
  await api.proc.stop();

  if (!database.handle) {
    const handle = database.reopen();
    try {
      firedState = await firedLags(handle, at);
    } finally {
      await handle.close();
    }
  }
  const fired = firedState ?? { lags: [], pending: jobs.length, total: jobs.length };
  const firedSummary = summarize(fired.lags);
  const arrivalSummary = summarize(arrivalLags);
  return {
    backend,
    streams: streams.length,
    streamOpenSeconds,
    rssBeforeMiB: rssBefore / 1024,
    rssAfterMiB: rssAfter / 1024,
    kibPerStream,
    writes: {
      sent: total,
      ok: writesOk.length,
      errors: total - writesOk.length,
      response: summarize(writes.flatMap((w) => (w.t1 === undefined ? [] : [w.t1 - w.t0]))),
      fromSend: summarize(fromSend),
      fromResponse: summarize(fromResponse),
      expected: expectedDeliveries,
      received: delivered(),
      missing: expectedDeliveries - delivered(),
      duplicates: writes.reduce((n, w) => n + w.duplicates, 0),
      leaked: taskLeaks,
      apiCores: writeUsed.coresBusy,
      machineBusy: writeUsed.machineBusy,
      clientLoopP99Ms: writeDelay.p99Ms,
      clientLoopMaxMs: writeDelay.maxMs,
    },
    reminders: {
      inserted: jobs.length,
      remindAt: at.toISOString(),
      slackSeconds,
      fired: firedSummary,
      notFired: fired.pending,
      lastFiredAfterMs: firedSummary.max,
      arrival: arrivalSummary,
      expected: expectedReminders,
      received: reminderArrivals.size,
      missing: expectedReminders - reminderArrivals.size,
      duplicates: reminderDuplicates,
      leaked: reminderLeaks,
      lastArrivalAfterMs: arrivalSummary.max,
      apiCores: reminderUsed.coresBusy,
      machineBusy: reminderUsed.machineBusy,
      clientLoopP99Ms: reminderDelay.p99Ms,
      clientLoopMaxMs: reminderDelay.maxMs,
    },
    streamsLost,
    heartbeats,
    notes,
  };
}

// ---------------------------------------------------------- main

async function main() {
  const started = new Date();
  const loadAtStart = loadavg();
  log(
    `${usersCount} users × ${streamsPerUser} streams on ${backends.join(",")}; ` +
      `${reminderCount} reminders; ${writeRate} writes/s for ${writeSeconds} s`,
  );
  const issuer = await startIssuer({ jwtExpiresIn: "12h" });
  onCleanup(() => issuer.close());
  const signUpStarted = performance.now();
  const users = await signUpMany(issuer, usersCount, "Live user");
  const jwks = await issuer.jwks();
  log(
    `issuer ${issuer.issuer}: ${users.length} users signed up in ${fmt((performance.now() - signUpStarted) / 1000)} s`,
  );

  let postgresVersion: string | undefined;
  const results: BackendResult[] = [];
  for (const backend of backends) {
    const mark = cleanupMark();
    if (backend === "postgres") {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      postgresVersion = (await client.query<{ server_version: string }>("show server_version")).rows[0]
        ?.server_version;
      await client.end();
    }
    results.push(await runBackend(backend, users, issuer.issuer, jwks));
    // Stop this back-end's processes and drop its database before the next.
    await undoSince(mark);
  }

  const ms = (v: number) => fmt(v);
  const row = (r: BackendResult, measure: string, count: string, s: Summary) => [
    r.backend,
    measure,
    count,
    ms(s.p50),
    ms(s.p90),
    ms(s.p99),
    ms(s.max),
  ];
  console.log(
    table(
      ["backend", "measure", "received / expected", "p50 ms", "p90 ms", "p99 ms", "max ms"],
      results.flatMap((r) => [
        row(r, "POST /api/tasks answer (t1 - t0)", `${r.writes.ok} / ${r.writes.sent} ok`, r.writes.response),
        row(r, "task event - send (t0)", `${r.writes.received} / ${r.writes.expected}`, r.writes.fromSend),
        row(
          r,
          "task event - answer (t1)",
          `${r.writes.received} / ${r.writes.expected}`,
          r.writes.fromResponse,
        ),
        row(
          r,
          "reminder fired_at - remind_at",
          `${r.reminders.fired.n} / ${r.reminders.inserted} fired`,
          r.reminders.fired,
        ),
        row(
          r,
          "reminder event - remind_at",
          `${r.reminders.received} / ${r.reminders.expected}`,
          r.reminders.arrival,
        ),
      ]),
    ),
  );
  console.log("");
  console.log(
    table(
      [
        "backend",
        "streams",
        "open s",
        "RSS before MiB",
        "RSS open MiB",
        "KiB / stream",
        "streams lost",
        "API cores (reminders / writes)",
        "bench loop p99 ms (reminders / writes)",
      ],
      results.map((r) => [
        r.backend,
        r.streams,
        fmt(r.streamOpenSeconds),
        fmt(r.rssBeforeMiB),
        fmt(r.rssAfterMiB),
        fmt(r.kibPerStream),
        r.streamsLost,
        `${r.reminders.apiCores.toFixed(2)} / ${r.writes.apiCores.toFixed(2)}`,
        `${fmt(r.reminders.clientLoopP99Ms)} / ${fmt(r.writes.clientLoopP99Ms)}`,
      ]),
    ),
  );
  console.log("");
  for (const r of results) {
    console.log(
      `${r.backend}: reminders due ${r.reminders.remindAt}; the last fired ${fmt(r.reminders.lastFiredAfterMs)} ms after, ` +
        `the last event arrived ${fmt(r.reminders.lastArrivalAfterMs)} ms after; ${r.reminders.notFired} not fired, ` +
        `${r.reminders.missing} reminder events missing, ${r.reminders.duplicates} duplicated, ${r.reminders.leaked} on another user's stream`,
    );
    console.log(
      `${r.backend}: writes ${r.writes.errors} failed; task events ${r.writes.missing} missing, ` +
        `${r.writes.duplicates} duplicated, ${r.writes.leaked} on another user's stream; ` +
        `machine busy ${(r.reminders.machineBusy * 100).toFixed(0)}% (reminders) / ${(r.writes.machineBusy * 100).toFixed(0)}% (writes)`,
    );
    for (const n of r.notes) console.log(n);
  }
  console.log(
    `load average ${loadAtStart.map((l) => l.toFixed(2)).join(" ")} at the start, ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} at the end`,
  );
  const file = writeResults("live", {
    kind: "live",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...machine(), postgres: postgresVersion, loadAverageAtStart: loadAtStart },
    settings: {
      users: usersCount,
      streamsPerUser,
      streams: streamCount,
      writeSeconds,
      writeRate,
      reminders: reminderCount,
      reminderLead,
      pgliteLead,
      idleSeconds,
      tasksPerUser,
      backends,
    },
    results,
  });
  console.log(`results: ${file}`);
}

runBench(main, log);
