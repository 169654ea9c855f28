// `npm run bench:search`: the worst search one user can aim at the embedded
// database. ILIKE '%q%' costs about len(text) × len(q) per row when the text
// holds every trigram of q but never q itself, so the trigram index keeps
// every row as a candidate and each recheck runs to the end. 400 tasks with
// 200-character titles and 2,000-character descriptions ("aab" and then one
// repeated letter), searched through the task repository (the API's own query) for
// "aaa…ab" and "baa…aa" at several lengths of q. PGlite runs on this thread:
// each figure is time during which no other request could be served.
import { createDb, createTaskRepository, runOwnerWrite } from "@todo/db";
import { sql } from "drizzle-orm";
import { fmt, table } from "./lib/report";

const TASKS = 400;
const RUNS = 5;
const db = createDb({ dataDir: null, service: "api" });
await db.migrate("tasks");
const repo = createTaskRepository(db.db);
const owner = "crafted-owner";
// "aab" then a run of "a": every trigram of both searches below is present
// (so the trigram index keeps every row), the searched text never is.
await runOwnerWrite(db, owner, async (unit) => {
  for (let i = 0; i < TASKS; i++)
    await unit.tasks.createTaskForOwner(owner, {
      title: `aab${"a".repeat(197)}`,
      description: `aab${"a".repeat(1997)}`,
      completed: false,
      priority: "none",
      dueAt: null,
      tags: [],
    });
});
await db.db.execute(sql`analyze tasks`);

const rows: string[][] = [];
for (const length of [200, 100, 50, 32]) {
  for (const [shape, q] of [
    ["aaa…ab", `${"a".repeat(length - 1)}b`],
    ["baa…aa", `b${"a".repeat(length - 1)}`],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await repo.listTasksForOwner(owner, { status: "all", q, sort: "-createdAt", limit: 50 });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push([String(length), shape, fmt(times[Math.floor(RUNS / 2)] ?? 0), fmt(times.at(-1) ?? 0)]);
  }
}
await db.close();
console.log(`PGlite, ${TASKS} crafted tasks, median and max of ${RUNS} searches (ms):`);
console.log(table(["q length", "q", "median ms", "max ms"], rows));
