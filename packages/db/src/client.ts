import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";

/** What both drivers have in common: the query builder and transactions. */
export type Database = PgDatabase<PgQueryResultHKT>;

export type MigrationSet = "auth" | "tasks";

export interface DbHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Applies one service's committed SQL migrations; each set keeps its own journal table. */
  migrate(set: MigrationSet): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database files; `null` keeps it in memory (tests). */
  dataDir: string | null;
  /** Which service owns the embedded database: PGlite allows one process per folder. */
  service: "web" | "api";
  /** Upper bound on pooled PostgreSQL connections. */
  poolSize?: number;
}

export function createDb(options: CreateDbOptions): DbHandle {
  if (options.databaseUrl) return createPostgres(options.databaseUrl, options.poolSize ?? 10);
  return createPglite(options.dataDir === null ? null : path.join(options.dataDir, options.service));
}

function createPostgres(connectionString: string, max: number): DbHandle {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // An idle client losing its connection must not crash the process; the
  // next query gets a fresh connection or a clear error.
  pool.on("error", () => {});
  const db = drizzlePostgres(pool);
  return {
    db,
    kind: "postgres",
    migrate: (set) => migratePostgres(db, migrationConfig(set)),
    ping: async () => {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}

function createPglite(folder: string | null): DbHandle {
  // Owner-only: the files hold password hashes and encrypted signing keys.
  if (folder !== null) mkdirSync(folder, { recursive: true, mode: 0o700 });
  const client = new PGlite(folder ?? undefined);
  const db = drizzlePglite(client);
  return {
    db,
    kind: "pglite",
    migrate: (set) => migratePglite(db, migrationConfig(set)),
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

function migrationConfig(set: MigrationSet) {
  return { migrationsFolder: migrationsFolder(set), migrationsTable: `__drizzle_migrations_${set}` };
}

/**
 * The committed SQL lives in `packages/db/migrations/<set>`. Next.js bundles
 * this module, which moves `import.meta.url`, so fall back to searching
 * upwards from the working directory.
 */
export function migrationsFolder(set: MigrationSet): string {
  const candidates: string[] = [];
  try {
    candidates.push(new URL(`../migrations/${set}`, import.meta.url).pathname);
  } catch {
    // not a file URL once bundled
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "packages", "db", "migrations", set));
    if (path.dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(path.join(c, "meta", "_journal.json")));
  if (!found) throw new Error(`Cannot find the ${set} migrations folder (packages/db/migrations/${set}).`);
  return found;
}
