// Test back-ends: an in-memory PGlite always, and a real PostgreSQL when
// TEST_DATABASE_URL is set. Each suite opens its own fresh database, so suites
// never see each other's rows; the PostgreSQL ones are dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type DbHandle } from "../src/client";

export interface Backend {
  name: "pglite" | "postgres";
  /** A new, empty (unmigrated) database. */
  open(): Promise<DbHandle>;
  /** Closes every handle `open` made and drops the databases it created. */
  cleanup(): Promise<void>;
}

function pgliteBackend(): Backend {
  const handles: DbHandle[] = [];
  return {
    name: "pglite",
    async open() {
      const handle = createDb({ dataDir: null, service: "api" });
      handles.push(handle);
      return handle;
    },
    async cleanup() {
      await Promise.all(handles.splice(0).map((h) => h.close()));
    },
  };
}

function postgresBackend(adminUrl: string): Backend {
  const handles: DbHandle[] = [];
  const created: string[] = [];

  async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  return {
    name: "postgres",
    async open() {
      const name = `todo_test_${randomBytes(6).toString("hex")}`;
      await admin((c) => c.query(`create database ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const handle = createDb({ databaseUrl: url.toString(), dataDir: null, service: "api" });
      handles.push(handle);
      return handle;
    },
    async cleanup() {
      await Promise.all(handles.splice(0).map((h) => h.close()));
      const names = created.splice(0);
      if (names.length === 0) return;
      await admin(async (c) => {
        for (const name of names) await c.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}

export function backends(): Backend[] {
  const list: Backend[] = [pgliteBackend()];
  const url = process.env.TEST_DATABASE_URL;
  if (url) list.push(postgresBackend(url));
  return list;
}
