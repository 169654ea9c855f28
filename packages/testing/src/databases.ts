// The database back-ends every data suite runs on: embedded PGlite (in
// memory, or on disk with `dataDir`) always, and the PostgreSQL at
// TEST_DATABASE_URL when it is set. Every `create` is a fresh database, so
// suites never see each other's rows; on PostgreSQL it is created on that
// server and dropped again by `drop` (or `cleanup`).
import { randomBytes } from "node:crypto";
import { createDb, type DbHandle, type MigrationSet } from "@todo/db";
import pg from "pg";

/** The PostgreSQL server the suites also run on, or undefined (PGlite only). */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

export interface CreateOptions {
  /** PGlite only: keep the database in this folder instead of in memory. */
  dataDir?: string;
  service?: "web" | "api";
  /** PostgreSQL only: connections in the handle's pool (default 20). */
  poolSize?: number;
}

export interface TestDb {
  handle: DbHandle;
  /** Connection string for another process (PostgreSQL only). */
  url: string | undefined;
  /** Closes the handle; on PostgreSQL also drops the database. */
  drop(): Promise<void>;
}

export interface Backend {
  name: "pglite" | "postgres";
  /** A new, empty database with these migration sets applied (none by default). */
  create(migrations?: MigrationSet | MigrationSet[], options?: CreateOptions): Promise<TestDb>;
  /** A new, empty, unmigrated database's handle; `cleanup` closes and drops it. */
  open(): Promise<DbHandle>;
  /** Drops every database this back-end made that has not been dropped yet. */
  cleanup(): Promise<void>;
}

/** Tracks what a back-end made, so that `cleanup` can drop what a suite forgot. */
function backend(name: Backend["name"], make: (options: CreateOptions) => Promise<TestDb>): Backend {
  const live = new Set<TestDb>();
  const create: Backend["create"] = async (migrations = [], options = {}) => {
    const made = await make(options);
    const db: TestDb = {
      ...made,
      async drop() {
        if (!live.delete(db)) return;
        await made.drop();
      },
    };
    live.add(db);
    try {
      for (const set of [migrations].flat()) await made.handle.migrate(set);
    } catch (error) {
      await db.drop();
      throw error;
    }
    return db;
  };
  return {
    name,
    create,
    open: async () => (await create()).handle,
    async cleanup() {
      await Promise.all([...live].map((db) => db.drop()));
    },
  };
}

function pglite(): Backend {
  return backend("pglite", async (options) => {
    const handle = createDb({ dataDir: options.dataDir ?? null, service: options.service ?? "api" });
    return { handle, url: undefined, drop: () => handle.close() };
  });
}

async function asAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function postgres(adminUrl: string): Backend {
  return backend("postgres", async (options) => {
    const name = `todo_test_${randomBytes(6).toString("hex")}`;
    await asAdmin(adminUrl, (c) => c.query(`create database ${name}`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = createDb({
      databaseUrl: url.toString(),
      dataDir: null,
      service: options.service ?? "api",
      poolSize: options.poolSize ?? 20,
    });
    return {
      handle,
      url: url.toString(),
      async drop() {
        await handle.close();
        await asAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
      },
    };
  });
}

/** PGlite, and PostgreSQL when TEST_DATABASE_URL is set: new instances, for `describe.each`. */
export function backends(): Backend[] {
  return testDatabaseUrl ? [pglite(), postgres(testDatabaseUrl)] : [pglite()];
}
