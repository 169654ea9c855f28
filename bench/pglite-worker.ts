// `node --import tsx bench/pglite-worker.ts`: embedded PGlite on the main
// thread against PGlite in a worker thread (docs/decisions/0007-embedded-database-in-a-worker.md),
// through the task repository, each on a fresh data folder seeded alike
// (20 owners × 200 tasks, and one owner with 400 crafted tasks).
//
//  1. List of 50: N callers listing in a loop for PGW_SECONDS each (requests/s,
//     p50, p99) and how busy the main thread's event loop was per list (ms).
//  2. A crafted search after bench/search-crafted.ts: q = 199 × "a" + "b"
//     over 400 tasks whose text is "aab" and then only "a", so that every row
//     holds q's trigrams, passes the trigram index, and is rechecked to its
//     end without matching (a few hundred ms on this machine). Run PGW_CRAFTED times while a 5 ms timer measures how late it fires on
//     this thread (what /health waits) and another owner lists in a loop.
//  3. Worker only: a statement past the deadline (pg_sleep(10) with a 1 s
//     timeout): when it is answered, and when the restarted worker answers.
//
// The modes alternate (in-process, worker, in-process, worker) unless
// PGW_ROUNDS=1, so that the load of a shared machine falls on both alike.
// The RSS column is this whole process's, so it compares modes only when
// each runs alone (PGW_MODES=in-process, then PGW_MODES=worker).
// Settings: PGW_SECONDS (5), PGW_CONCURRENCY ("1,16,64"), PGW_CRAFTED (5),
// PGW_ROUNDS (2), PGW_MODES ("in-process,worker").
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createDb, createTaskRepository, type DbHandle } from "@todo/db";
import { sql } from "drizzle-orm";
import { fmt, listSetting, machine, numberSetting, table, writeResults } from "./lib/report";
import { seedTasks } from "./lib/seed";

const env = process.env;
const seconds = numberSetting("PGW_SECONDS", env.PGW_SECONDS, 5);
const concurrency = listSetting(env.PGW_CONCURRENCY, "1,16,64").map(Number);
const craftedRuns = numberSetting("PGW_CRAFTED", env.PGW_CRAFTED, 5);
const rounds = numberSetting("PGW_ROUNDS", env.PGW_ROUNDS, 2);
const OWNERS = Array.from({ length: 20 }, (_, i) => `bench-owner-${i}`);
const CRAFTED_OWNER = "crafted-owner";
const CRAFTED_Q = `${"a".repeat(199)}b`;
type Mode = "in-process" | "worker";

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function open(mode: Mode, dataDir: string, statementTimeoutMs = 5_000): Promise<DbHandle> {
  const handle = createDb({ dataDir, service: "api", pgliteWorker: mode === "worker", statementTimeoutMs });
  await handle.ping();
  return handle;
}

async function prepare(mode: Mode): Promise<{ dataDir: string; openMs: number }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "todo-pglite-worker-bench-"));
  const handle = createDb({ dataDir, service: "api", pgliteWorker: mode === "worker" });
  await handle.migrate("tasks");
  await seedTasks(handle, OWNERS, 200);
  await handle.db.execute(
    sql`insert into lists (owner_id, name, is_inbox) values (${CRAFTED_OWNER}, 'Inbox', true)`,
  );
  await handle.db.execute(sql`
    insert into tasks (owner_id, list_id, title, description)
    select ${CRAFTED_OWNER}, l.id, 'aab' || repeat('a', 197), 'aab' || repeat('a', 1997)
    from generate_series(1, 400)
    cross join (select id from lists where owner_id = ${CRAFTED_OWNER} and is_inbox) as l`);
  await handle.db.execute(sql`vacuum analyze tasks`);
  await handle.close();
  // What a restart of the service costs: open the seeded folder again.
  const started = performance.now();
  const reopened = await open(mode, dataDir);
  const openMs = performance.now() - started;
  await reopened.close();
  return { dataDir, openMs };
}

async function listLoad(handle: DbHandle, callers: number) {
  const repo = createTaskRepository(handle.db);
  const latencies: number[] = [];
  const elu = performance.eventLoopUtilization();
  const until = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        const owner = OWNERS[n++ % OWNERS.length] as string;
        const started = performance.now();
        const page = await repo.listTasksForOwner(owner, { status: "all", sort: "-createdAt", limit: 50 });
        latencies.push(performance.now() - started);
        if (page.items.length !== 50) throw new Error(`expected 50 rows, got ${page.items.length}`);
      }
    }),
  );
  const busy = performance.eventLoopUtilization(elu);
  const rssMiB = process.memoryUsage().rss / 2 ** 20;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    mainThreadMsPerList: busy.active / latencies.length,
    rssMiB,
  };
}

async function craftedSearch(handle: DbHandle) {
  const repo = createTaskRepository(handle.db);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let maxTimerLag = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxTimerLag = Math.max(maxTimerLag, now - last - 5);
    last = now;
  }, 5);
  const searches: number[] = [];
  const otherLists: number[] = [];
  let searching = true;
  delay.enable();
  // Another owner wants a list every 20 ms: counted from when it was due, so
  // that a timer the blocked event loop fires late counts too (as a request
  // whose socket is not read would).
  const other = (async () => {
    let due = performance.now();
    for (;;) {
      await repo.listTasksForOwner(OWNERS[0] as string, { status: "all", sort: "-createdAt", limit: 50 });
      otherLists.push(performance.now() - due);
      if (!searching) break;
      due = performance.now() + 20;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  for (let i = 0; i < craftedRuns; i++) {
    const started = performance.now();
    await repo.listTasksForOwner(CRAFTED_OWNER, {
      status: "all",
      q: CRAFTED_Q,
      sort: "-createdAt",
      limit: 50,
    });
    searches.push(performance.now() - started);
  }
  searching = false;
  await other;
  delay.disable();
  clearInterval(timer);
  searches.sort((a, b) => a - b);
  otherLists.sort((a, b) => a - b);
  return {
    searchMedian: quantile(searches, 0.5),
    maxTimerLag,
    eventLoopDelayP99: delay.percentile(99) / 1e6,
    otherListMedian: quantile(otherLists, 0.5),
    otherListMax: otherLists.at(-1) ?? 0,
  };
}

async function timeoutAndRestart(dataDir: string) {
  const handle = await open("worker", dataDir, 1_000);
  try {
    const started = performance.now();
    let code: unknown;
    try {
      await handle.db.execute(sql`select pg_sleep(10)`);
    } catch (error) {
      code = ((error as { cause?: { code?: unknown } }).cause ?? (error as { code?: unknown })).code;
    }
    const answered = performance.now() - started;
    await handle.ping();
    const back = performance.now() - started;
    return { code: String(code), answeredMs: answered, backMs: back };
  } finally {
    await handle.close();
  }
}

const modes = listSetting(env.PGW_MODES, "in-process,worker") as Mode[];
for (const mode of modes)
  if (mode !== "in-process" && mode !== "worker") throw new Error(`unknown mode ${mode}`);
const prepared = new Map<Mode, { dataDir: string; openMs: number }>();
try {
  for (const mode of modes) prepared.set(mode, await prepare(mode));
  const listRows: Map<string, ReturnType<typeof listLoad> extends Promise<infer R> ? R[] : never> = new Map();
  const craftedRows = new Map<Mode, Awaited<ReturnType<typeof craftedSearch>>[]>();
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      const handle = await open(mode, (prepared.get(mode) as { dataDir: string }).dataDir);
      try {
        // Warm-up: plans, caches, JIT.
        await listLoad(handle, 4).catch(() => undefined);
        for (const callers of concurrency) {
          const key = `${mode}|${callers}`;
          listRows.set(key, [...(listRows.get(key) ?? []), await listLoad(handle, callers)]);
        }
        craftedRows.set(mode, [...(craftedRows.get(mode) ?? []), await craftedSearch(handle)]);
      } finally {
        await handle.close();
      }
    }
  }
  const workerDir = prepared.get("worker")?.dataDir;
  const restart = workerDir ? await timeoutAndRestart(workerDir) : undefined;

  // Per figure, the median of the rounds.
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  };
  const listTable = [...listRows].map(([key, runs]) => {
    const [mode, callers] = key.split("|") as [string, string];
    return [
      mode,
      callers,
      fmt(median(runs.map((r) => r.perSecond))),
      fmt(median(runs.map((r) => r.p50))),
      fmt(median(runs.map((r) => r.p99))),
      fmt(median(runs.map((r) => r.mainThreadMsPerList))),
      fmt(median(runs.map((r) => r.rssMiB))),
    ];
  });
  const craftedTable = [...craftedRows].map(([mode, runs]) => [
    mode,
    fmt(median(runs.map((r) => r.searchMedian))),
    fmt(median(runs.map((r) => r.maxTimerLag))),
    fmt(median(runs.map((r) => r.eventLoopDelayP99))),
    fmt(median(runs.map((r) => r.otherListMedian))),
    fmt(median(runs.map((r) => r.otherListMax))),
  ]);
  console.log(`List of 50 through the repository, ${seconds} s per row, median of ${rounds} round(s):`);
  console.log(
    table(["mode", "callers", "lists/s", "p50 ms", "p99 ms", "main-thread ms/list", "RSS MiB"], listTable),
  );
  console.log(
    `\nCrafted search (q = 199 × "a" + "b", 400 tasks of "aab" + "a"…), ${craftedRuns} runs, while another owner lists:`,
  );
  console.log(
    table(
      [
        "mode",
        "search ms",
        "max timer lag ms",
        "loop delay p99 ms",
        "other list p50 ms",
        "other list max ms",
      ],
      craftedTable,
    ),
  );
  console.log(
    `\nOpening the seeded folder: ${[...prepared].map(([mode, p]) => `${mode} ${fmt(p.openMs)} ms`).join(", ")}`,
  );
  if (restart)
    console.log(
      `Worker, pg_sleep(10) with a 1 s statement timeout: SQLSTATE ${restart.code} after ${fmt(restart.answeredMs)} ms; the restarted worker answered after ${fmt(restart.backMs)} ms`,
    );
  const file = writeResults("pglite-worker", {
    machine: machine(),
    settings: { seconds, concurrency, craftedRuns, rounds, modes },
    list: Object.fromEntries(listRows),
    crafted: Object.fromEntries(craftedRows),
    openMs: Object.fromEntries([...prepared].map(([mode, p]) => [mode, p.openMs])),
    restart,
  });
  console.log(`results: ${file}`);
} finally {
  for (const { dataDir } of prepared.values()) rmSync(dataDir, { recursive: true, force: true });
}
