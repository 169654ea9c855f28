// The exact SQL the task repository sends, captured through drizzle's query
// logger on a real PostgreSQL connection: the floor runs it and the EXPLAIN
// plans in docs/PERFORMANCE.md are of it.
import { createTaskRepository, type TaskRepository } from "@todo/db";
import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/** Runs `use` against a repository on `pool` and returns every query it sent, in order. */
export async function captureQueries(
  pool: pg.Pool,
  use: (repo: TaskRepository) => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const db = drizzle(pool, { logger: { logQuery: (sql, params) => void captured.push({ sql, params }) } });
  await use(createTaskRepository(db));
  return captured;
}

/** The list route's default query: `GET /api/tasks?limit=50` (parameters: owner id, 51). */
export async function listSql(pool: pg.Pool, ownerId = "probe"): Promise<CapturedQuery> {
  const [query] = await captureQueries(pool, (repo) =>
    repo.listTasksForOwner(ownerId, { status: "all", sort: "-createdAt", limit: 50 }),
  );
  if (!query) throw new Error("the repository sent no query");
  return query;
}
