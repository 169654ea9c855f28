// The database back-ends every data suite runs on: embedded PGlite always,
// and the PostgreSQL at TEST_DATABASE_URL when it is set, each test file on a
// freshly created database with the committed migrations applied.
import { randomBytes } from "node:crypto";
import { createDb, type DbHandle, type MigrationSet } from "@todo/db";
import pg from "pg";

export interface Backend {
  name: "pglite" | "postgres";
  /** A new, empty, migrated database; `dataDir` keeps PGlite on disk instead of in memory. */
  create(
    set: MigrationSet | MigrationSet[],
    options?: { dataDir?: string; service?: "web" | "api" },
  ): Promise<TestDb>;
}

export interface TestDb {
  handle: DbHandle;
  /** Connection string for a separate process (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}

const pglite: Backend = {
  name: "pglite",
  async create(set, options = {}) {
    const handle = createDb({ dataDir: options.dataDir ?? null, service: options.service ?? "api" });
    for (const s of [set].flat()) await handle.migrate(s);
    return { handle, url: undefined, drop: () => handle.close() };
  },
};

function postgres(adminUrl: string): Backend {
  return {
    name: "postgres",
    async create(set) {
      const name = `todo_test_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const handle = createDb({ databaseUrl: url.toString(), dataDir: null, service: "api", poolSize: 20 });
      for (const s of [set].flat()) await handle.migrate(s);
      return {
        handle,
        url: url.toString(),
        async drop() {
          await handle.close();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          await cleanup.query(`drop database if exists ${name} with (force)`);
          await cleanup.end();
        },
      };
    },
  };
}

const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export const backends: Backend[] = testDatabaseUrl ? [pglite, postgres(testDatabaseUrl)] : [pglite];
