// `node --import tsx bench/explain.ts`: EXPLAIN (ANALYZE, BUFFERS) on
// PostgreSQL of the exact SQL the task repository sends (captured through
// drizzle's query logger), on the benchmark's data: 100 owners × 200 tasks
// and one owner with 10,000; then the search again with trigram indexes
// added to that throwaway database, to see what they would change. Creates
// todo_bench_<random> on BENCH_DATABASE_URL and drops it at the end. Prints
// Markdown.
import { randomBytes } from "node:crypto";
import { createDb, type TaskListQuery } from "@todo/db";
import pg from "pg";
import { SEARCH_WORD, seedTasks } from "./lib/seed";
import { type CapturedQuery, captureQueries } from "./lib/sql";

const adminUrl = process.env.BENCH_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";

async function main() {
  const name = `todo_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const out: string[] = [];
  try {
    const handle = createDb({ databaseUrl: url.toString(), dataDir: null, service: "api" });
    await handle.migrate("tasks");
    // Ids shaped like Better Auth's (32 random characters).
    const owners = Array.from({ length: 100 }, () => randomBytes(16).toString("hex"));
    const big = randomBytes(16).toString("hex");
    await seedTasks(handle, owners, 200);
    await seedTasks(handle, [big], 10_000);
    await handle.close();
    // What autovacuum soon does on a live database (statistics, and the GIN
    // pending lists flushed): without it the plans below are not the ones users get.
    await pool.query("vacuum analyze tasks");
    const version = (await pool.query<{ v: string }>("select version() as v")).rows[0]?.v;
    out.push(`PostgreSQL: ${version}`, "");

    const owner = owners[42] as string;
    const base: TaskListQuery = { status: "all", sort: "-createdAt", limit: 50 };
    let cursor: TaskListQuery["cursor"];
    const cases: { title: string; query: CapturedQuery }[] = [];
    const capture = async (title: string, ownerId: string, query: TaskListQuery) => {
      const [q] = await captureQueries(pool, (repo) => repo.listTasksForOwner(ownerId, query));
      if (q) cases.push({ title, query: q });
    };
    await capture("List, default sort (`GET /api/tasks?limit=50`), a 200-task owner", owner, base);
    await capture("List, default sort, the 10,000-task owner", big, base);
    await capture("Filtered and sorted (`status=active&sort=dueAt`), the 10,000-task owner", big, {
      ...base,
      status: "active",
      sort: "dueAt",
    });
    await captureQueries(pool, async (repo) => {
      cursor = (await repo.listTasksForOwner(big, base)).nextCursor ?? undefined;
    });
    await capture("Cursor page 2 (default sort), the 10,000-task owner", big, { ...base, cursor });
    await capture(`Search (\`q=${SEARCH_WORD}\`), the 10,000-task owner`, big, { ...base, q: SEARCH_WORD });
    await capture("Search for a word no task contains (`q=zebra`), the 10,000-task owner", big, {
      ...base,
      q: "zebra",
    });
    const [count] = await captureQueries(pool, async (repo) => {
      // The create path's cap check (it runs in a transaction; only its count matters here).
      await repo
        .createTaskForOwner(big, {
          title: "probe",
          description: null,
          completed: false,
          priority: "none",
          dueAt: null,
          tags: [],
        })
        .catch(() => undefined);
    }).then((qs) => qs.filter((q) => q.sql.startsWith("select count")));
    if (count)
      cases.push({
        title: "Create's per-owner count (the 10,000-task cap), the 10,000-task owner",
        query: count,
      });

    for (const { title, query } of cases) {
      // Twice: the second run is the warm one reported.
      const explain = `explain (analyze, buffers) ${query.sql}`;
      await pool.query(explain, query.params);
      const plan = (await pool.query<{ "QUERY PLAN": string }>(explain, query.params)).rows.map(
        (r) => r["QUERY PLAN"],
      );
      out.push(
        `#### ${title}`,
        "",
        "```sql",
        query.sql,
        `-- params: ${JSON.stringify(query.params)}`,
        "```",
        "",
      );
      out.push("```", ...plan, "```", "");
    }

    // What a prepared statement would run once PostgreSQL switches to its generic plan.
    const client = await pool.connect();
    try {
      await client.query("set plan_cache_mode = force_generic_plan");
      for (const { title, query } of cases.filter((c) =>
        /default sort, the 10,000|Search \(/.test(c.title),
      )) {
        await client.query(`prepare p as ${query.sql}`);
        const args = query.params.map((p) =>
          typeof p === "number" ? String(p) : `'${String(p).replace(/'/g, "''")}'`,
        );
        const plan = (
          await client.query<{ "QUERY PLAN": string }>(
            `explain (analyze, buffers) execute p(${args.join(", ")})`,
          )
        ).rows.map((r) => r["QUERY PLAN"]);
        await client.query("deallocate p");
        out.push(
          `#### Generic plan (as a prepared statement would use): ${title}`,
          "",
          "```",
          ...plan,
          "```",
          "",
        );
      }
    } finally {
      client.release();
    }

    // What trigram indexes would change: tried on this throwaway database
    // only (the application's migrations are not touched).
    const searches = cases.filter((c) => c.title.startsWith("Search"));
    const experiments = [
      {
        name: "pg_trgm GIN indexes on title and on description",
        create: [
          "create extension if not exists pg_trgm",
          "create index bench_title_trgm on tasks using gin (title gin_trgm_ops)",
          "create index bench_description_trgm on tasks using gin (description gin_trgm_ops)",
        ],
        drop: ["drop index bench_title_trgm", "drop index bench_description_trgm"],
      },
      {
        name: "btree_gin + pg_trgm: GIN (owner_id, title) and GIN (owner_id, description)",
        create: [
          "create extension if not exists pg_trgm",
          "create extension if not exists btree_gin",
          "create index bench_owner_title_trgm on tasks using gin (owner_id, title gin_trgm_ops)",
          "create index bench_owner_description_trgm on tasks using gin (owner_id, description gin_trgm_ops)",
        ],
        drop: ["drop index bench_owner_title_trgm", "drop index bench_owner_description_trgm"],
      },
    ];
    for (const experiment of experiments) {
      for (const ddl of experiment.create) await pool.query(ddl);
      await pool.query("analyze tasks");
      for (const { title, query } of searches) {
        const explain = `explain (analyze, buffers) ${query.sql}`;
        await pool.query(explain, query.params);
        const plan = (await pool.query<{ "QUERY PLAN": string }>(explain, query.params)).rows.map(
          (r) => r["QUERY PLAN"],
        );
        out.push(`#### With ${experiment.name}: ${title}`, "", "```", ...plan, "```", "");
      }
      for (const ddl of experiment.drop) await pool.query(ddl);
    }
  } finally {
    await pool.end();
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  }
  console.log(out.join("\n"));
}

main().catch((error: unknown) => {
  console.error(`explain: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
