// Migration 0007 (the planner) on a database that already holds tasks: each
// owner gets one Inbox holding all their tasks, and each due keeps its
// instant as a timed due with its day in UTC.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, expect, it } from "vitest";
import { migrationsFolder } from "../src/client";

const folder = migrationsFolder("tasks");
const before = mkdtempSync(path.join(tmpdir(), "todo-migrations-"));
afterAll(() => rmSync(before, { recursive: true, force: true }));

it("moves existing tasks into each owner's Inbox and keeps their dues as timed dues", async () => {
  // The migrations as they were before the planner: the journal cut at 0006.
  cpSync(folder, before, { recursive: true });
  const journalPath = path.join(before, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const planner = journal.entries.findIndex((entry) => entry.tag === "0007_planner");
  expect(planner).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, planner) }));

  const client = new PGlite({ extensions: { btree_gin, pg_trgm } });
  const db = drizzle(client);
  const config = { migrationsTable: "__drizzle_migrations_tasks" };
  try {
    await migrate(db, { ...config, migrationsFolder: before });
    await client.query(`
      insert into tasks (owner_id, title, due_at) values
        ('alice', 'a1', '2026-03-29T23:30:00Z'),
        ('alice', 'a2', null),
        ('bob', 'b1', '2026-12-31T12:00:00Z')`);
    await migrate(db, { ...config, migrationsFolder: folder });

    const lists = await client.query<{ owner_id: string; id: string; name: string }>(
      "select owner_id, id, name from lists where is_inbox order by owner_id",
    );
    expect(lists.rows.map((l) => [l.owner_id, l.name])).toEqual([
      ["alice", "Inbox"],
      ["bob", "Inbox"],
    ]);
    const inboxOf = Object.fromEntries(lists.rows.map((l) => [l.owner_id, l.id]));
    const tasks = await client.query<{
      owner_id: string;
      title: string;
      list_id: string;
      due_date: string | null;
    }>(
      "select owner_id, title, list_id, to_char(due_date, 'YYYY-MM-DD') as due_date from tasks order by title",
    );
    expect(tasks.rows).toEqual([
      { owner_id: "alice", title: "a1", list_id: inboxOf.alice, due_date: "2026-03-29" },
      { owner_id: "alice", title: "a2", list_id: inboxOf.alice, due_date: null },
      { owner_id: "bob", title: "b1", list_id: inboxOf.bob, due_date: "2026-12-31" },
    ]);
  } finally {
    await client.close();
  }
});
