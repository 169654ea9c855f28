import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { type ChangeSignal, createLocalChangeSignal, createPostgresChangeSignal } from "./change-signal";
import { type DataDirLock, lockDataDir } from "./data-dir-lock";
import { createPgliteWorker } from "./pglite-worker";

/**
 * What both drivers have in common: the query builder, without `transaction`.
 * The only way to open a transaction is `DbHandle.transaction` (through
 * `runOwnerWrite` for an owner's data): repositories run on whatever Database
 * they are given and never open one, so nothing nests and nothing relies on
 * savepoints (docs/decisions/0005-explicit-units-of-work.md).
 */
export type Database = Omit<PgDatabase<PgQueryResultHKT>, "transaction">;

export type MigrationSet = "auth" | "tasks";

export interface DbHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Applies one service's committed SQL migrations; each set keeps its own journal table. */
  migrate(set: MigrationSet): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Runs `fn` in one transaction on one connection: commit when it resolves,
   * rollback when it throws. A PostgreSQL connection that fails on the way is
   * discarded, never handed to the next request. `tx` has no `transaction`
   * of its own: a unit of work does not nest.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Tells this process's event streams that an owner's change feed grew. */
  changes: ChangeSignal;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database files; `null` keeps it in memory (tests). */
  dataDir: string | null;
  /** Which service owns the embedded database: PGlite allows one process per folder. */
  service: "web" | "api";
  /** Upper bound on pooled PostgreSQL connections (default 10). */
  poolSize?: number;
  /** How long to wait for a PostgreSQL connection, new or from the pool, in ms (default 5000). */
  connectTimeoutMs?: number;
  /**
   * Any statement running longer than this, in ms, is cancelled with SQLSTATE
   * 57014; 0 = never (default 5000). PostgreSQL cancels it itself; embedded
   * PGlite in a worker is stopped and reopened (its open transaction is lost).
   * An in-process PGlite cannot be interrupted and ignores it.
   */
  statementTimeoutMs?: number;
  /**
   * Run embedded PGlite in a worker thread, so that its statements do not
   * block this thread's event loop (docs/decisions/0007-embedded-database-in-a-worker.md).
   * Default: true with a data folder; an in-memory database (`dataDir: null`)
   * always runs in-process.
   */
  pgliteWorker?: boolean;
}

export function createDb(options: CreateDbOptions): DbHandle {
  if (options.databaseUrl)
    return createPostgres(options.databaseUrl, {
      max: options.poolSize ?? 10,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      statementTimeoutMs: options.statementTimeoutMs ?? 5_000,
    });
  if (options.dataDir === null) return createPglite(null);
  const folder = path.join(options.dataDir, options.service);
  if (options.pgliteWorker === false) return createPglite(folder);
  return createPgliteInWorker(folder, options.statementTimeoutMs ?? 5_000);
}

// pg_advisory_lock(int, int) key for "applying migrations": the two-int key
// space never meets the one-bigint keys used for idempotency keys.
const MIGRATION_LOCK = [0x746f646f, 1] as const;

function createPostgres(
  connectionString: string,
  limits: { max: number; connectTimeoutMs: number; statementTimeoutMs: number },
): DbHandle {
  const { max, connectTimeoutMs, statementTimeoutMs } = limits;
  // The server cancels a slow statement (SQLSTATE 57014); the client-side
  // read timeout, later, catches the case the server cannot: a connection
  // whose answers no longer arrive. The same bound ends a transaction left
  // idle by a process that lost its connection, so it cannot hold locks.
  const deadline = statementTimeoutMs > 0 ? statementTimeoutMs + connectTimeoutMs : undefined;
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    ...(statementTimeoutMs > 0 && {
      statement_timeout: statementTimeoutMs,
      query_timeout: deadline,
      idle_in_transaction_session_timeout: deadline,
    }),
  });
  // An idle client losing its connection must not crash the process; the
  // next query gets a fresh connection or a clear error.
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    // Nor one that is lent out: its query already gets the error, and the
    // 'error' event it emits as well would otherwise be uncaught.
    client.on("error", () => {});
    // A query that failed without an answer from the server (pg's read
    // timeout, a broken socket) may still be running on this connection, and
    // whatever is queued behind it would wait too: end the connection so the
    // pool drops it instead of lending it out again. pg gives the read
    // timeout no code and no class of its own (a plain `Error`), but every
    // answer from the server is a `pg.DatabaseError` carrying its SQLSTATE,
    // after which the connection is fine: that is the line drawn here, not
    // the message text. Promise-style calls only: the pool's own callback-
    // style `pool.query` already discards a client whose query failed.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    Object.assign(client, {
      query: (...args: unknown[]) => {
        const result = query(...args);
        if (result instanceof Promise)
          result.catch((error: unknown) => {
            if (!(error instanceof pg.DatabaseError)) client.end().catch(() => {});
          });
        return result;
      },
    });
  });
  const db: Database = drizzlePostgres(pool);
  const changes = createPostgresChangeSignal(connectionString, { connectTimeoutMs });

  // Not drizzle's pool transaction (`Database` hides it): that one releases
  // its connection only once BEGIN has succeeded, so each BEGIN that fails on
  // a dead connection leaks a pool slot, until the pool is empty for good.
  // Here the connection is ours from the start and always given back.
  async function transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let failure: { error: unknown } | undefined;
    let broken = false;
    try {
      return await drizzlePostgres(client).transaction(async (tx) => {
        try {
          return await fn(tx);
        } catch (error) {
          failure = { error };
          throw error;
        }
      });
    } catch (error) {
      // drizzle rethrows fn's error once the rollback succeeded; any other
      // error came from BEGIN, COMMIT or ROLLBACK: the connection is gone or stuck.
      broken = failure?.error !== error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  return {
    db,
    kind: "postgres",
    async migrate(set) {
      // Own session with no statement timeout (building an index may take a
      // while), and a lock so that API processes starting together apply each
      // migration once instead of racing on CREATE TABLE.
      const client = new pg.Client({ connectionString, connectionTimeoutMillis: connectTimeoutMs });
      client.on("error", () => {});
      await client.connect();
      try {
        await client.query("select pg_advisory_lock($1, $2)", [...MIGRATION_LOCK]);
        await migratePostgres(drizzlePostgres(client), migrationConfig(set));
      } finally {
        // Ending the session releases the lock.
        await client.end();
      }
    },
    ping: async () => {
      await pool.query("select 1");
    },
    transaction,
    changes,
    close: async () => {
      await changes.close();
      await pool.end();
    },
  };
}

function createPglite(folder: string | null): DbHandle {
  let lock: DataDirLock | undefined;
  if (folder !== null) {
    // Owner-only: the files hold password hashes and encrypted signing keys.
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    lock = lockDataDir(folder);
  }
  let client: PGlite;
  try {
    // pg_trgm and btree_gin back the indexes that keep `q=` search fast (see migrations/tasks).
    client = new PGlite({ dataDir: folder ?? undefined, extensions: { btree_gin, pg_trgm } });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client);
  const changes = createLocalChangeSignal();
  return {
    db,
    kind: "pglite",
    migrate: (set) => migratePglite(db, migrationConfig(set)),
    ping: async () => {
      await client.query("select 1");
    },
    transaction: (fn) => db.transaction((tx) => fn(tx)),
    changes,
    async close() {
      await changes.close();
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * The same database in a worker thread: drizzle's PGlite driver on a stand-in
 * that forwards each statement to the worker (packages/db/src/pglite-worker.ts).
 * In memory it would not survive the restart that cancels a statement, so an
 * in-memory database stays in-process (createDb).
 */
function createPgliteInWorker(folder: string, statementTimeoutMs: number): DbHandle {
  // Owner-only: the files hold password hashes and encrypted signing keys.
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Taken by this process, not the worker: a restarted worker opens the folder again.
  const lock = lockDataDir(folder);
  let client: ReturnType<typeof createPgliteWorker>;
  try {
    client = createPgliteWorker({ dataDir: folder, statementTimeoutMs });
  } catch (error) {
    lock.release();
    throw error;
  }
  // drizzle's PGlite driver calls only `query` and `transaction`, which the stand-in has.
  const db = drizzlePglite({ client: client as unknown as PGlite });
  const changes = createLocalChangeSignal();
  return {
    db,
    kind: "pglite",
    // No deadline: building an index may take a while, and nothing else runs yet.
    migrate: (set) =>
      migratePglite(
        drizzlePglite({ client: client.withStatementTimeout(0) as unknown as PGlite }),
        migrationConfig(set),
      ),
    ping: async () => {
      await client.query("select 1");
    },
    transaction: (fn) => db.transaction((tx) => fn(tx)),
    changes,
    async close() {
      await changes.close();
      try {
        await client.close();
      } finally {
        lock.release();
      }
    },
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
