// Embedded PGlite in a worker thread (docs/decisions/0007-embedded-database-in-a-worker.md).
//
// PGlite is PostgreSQL compiled to WebAssembly: a statement runs as one
// synchronous stretch of the thread that owns it, and it honours no
// statement_timeout. On the API's main thread a 300 ms search stalls every
// other request and /health with it; a runaway one stalls them for good. Here
// a worker thread owns the database and the main thread talks to it by
// messages, so the event loop stays free; and a statement that runs past the
// deadline is answered with SQLSTATE 57014 (as PostgreSQL's statement_timeout
// would) while the worker is terminated and a fresh one opens the same folder
// (PostgreSQL recovers from its WAL, as after a crash).
//
// The object this module returns stands in for a PGlite instance under
// drizzle's PGlite driver, which calls only `query(sql, params, options)` and
// `transaction(callback)` (drizzle-orm 0.45, pglite/session.js). It keeps
// PGlite's own rules: one connection, so a transaction holds it exclusively
// and every other query and transaction waits behind it; COMMIT of an aborted
// transaction throws 25P02; a callback that throws rolls back.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { QueryOptions, Results } from "@electric-sql/pglite";
import { PGLITE_WORKER_SOURCE } from "./pglite-worker-source";

/** A database error from the worker, with PostgreSQL's fields (`code` is the SQLSTATE). */
export class PgliteWorkerError extends Error {
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  routine?: string;
}

interface ErrorData {
  message: string;
  name?: string;
  [field: string]: string | number | undefined;
}

function toError(data: ErrorData): PgliteWorkerError {
  const { message, name, ...fields } = data;
  const error = new PgliteWorkerError(message);
  Object.assign(error, fields);
  // pg-protocol's DatabaseError is named "error"; keep a useful name instead.
  error.name = name && name !== "error" ? name : "PgliteWorkerError";
  return error;
}

function sqlError(code: string, message: string): PgliteWorkerError {
  return Object.assign(new PgliteWorkerError(message), { code, severity: "ERROR" });
}

// The SQLSTATEs PostgreSQL gives for the same events, so that callers (the
// API maps 57014, 57P01 and 08xxx to 503) need not know which driver runs.
const statementTimeout = () => sqlError("57014", "canceling statement due to statement timeout");
const restarted = () =>
  sqlError(
    "57P01",
    "terminating connection: the embedded database was restarted after another statement timed out",
  );
const connectionLost = () =>
  sqlError("08003", "the embedded database was restarted; this transaction was rolled back");
const workerDied = (cause: unknown) =>
  Object.assign(sqlError("08006", "the embedded database's worker thread stopped"), { cause });
const closedError = () => new Error("PGlite is closed");

/** The part of PGlite's Transaction that drizzle uses, and what PGlite's would do. */
export interface PgliteWorkerTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/** What drizzle's PGlite driver needs of a PGlite instance. */
export interface PgliteWorkerClient {
  readonly closed: boolean;
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(callback: (tx: PgliteWorkerTransaction) => Promise<T>): Promise<T>;
  /** The same database and connection with another statement deadline (0 = none), e.g. for migrations. */
  withStatementTimeout(ms: number): PgliteWorkerClient;
  /** Waits for queued work, closes the database and stops the worker. */
  close(): Promise<void>;
}

export interface PgliteWorkerOptions {
  /** The data folder (the caller holds its lock). */
  dataDir: string;
  /** A statement running longer than this, in ms, is cancelled by restarting the worker; 0 = never. */
  statementTimeoutMs: number;
}

type Request =
  | {
      op: "query";
      sql: string;
      params: unknown[];
      rowMode: "array" | "object" | undefined;
      rawTypes: number[];
      paramTypes: number[] | undefined;
    }
  | { op: "exec"; sql: string }
  | { op: "close" };

type WorkerMessage =
  | { type: "ready" }
  | { type: "failed"; error: ErrorData }
  | { id: number; result: unknown; error?: undefined }
  | { id: number; error: ErrorData };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/** One worker thread: one PGlite instance, one connection. */
class Connection {
  worker: Worker | undefined;
  alive = true;
  readonly pending = new Map<number, Pending>();
  ready!: Promise<void>;
  exited: Promise<void>;
  markExited!: () => void;
  constructor() {
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
  }
}

/** FIFO mutual exclusion: PGlite's transaction mutex, on this side. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.catch(() => {});
    return result;
  }
}

function resolveModules() {
  // Not `import.meta.url` alone: bundlers (Next.js) move this module. PGlite
  // stays a plain Node package there (serverExternalPackages), so it is found
  // from the working directory too.
  const bases: string[] = [];
  try {
    bases.push(import.meta.url);
  } catch {
    // not a file URL once bundled
  }
  bases.push(pathToFileURL(path.join(process.cwd(), "index.js")).href);
  let failure: unknown;
  for (const base of bases) {
    try {
      const require = createRequire(base);
      return {
        pglite: require.resolve("@electric-sql/pglite"),
        btree_gin: require.resolve("@electric-sql/pglite/contrib/btree_gin"),
        pg_trgm: require.resolve("@electric-sql/pglite/contrib/pg_trgm"),
      };
    } catch (error) {
      failure = error;
    }
  }
  throw new Error("cannot find @electric-sql/pglite for the database worker", { cause: failure });
}

class PgliteWorkerCore {
  readonly #dataDir: string;
  readonly #modules: ReturnType<typeof resolveModules>;
  readonly #mutex = new Mutex();
  #current: Connection | undefined;
  /** Resolves once the last worker started has exited: two must never open one folder at once. */
  #lastExit: Promise<void> = Promise.resolve();
  #sequence = 0;
  #closing: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
    this.#modules = resolveModules();
    // Start at once, as an in-process PGlite does: opening takes a second or more.
    this.#current = this.#start();
  }

  get closed() {
    return this.#closing !== undefined;
  }

  #start(): Connection {
    const conn = new Connection();
    const previous = this.#lastExit;
    this.#lastExit = conn.exited;
    conn.ready = previous.then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (!conn.alive) {
            conn.markExited();
            reject(closedError());
            return;
          }
          const worker = new Worker(PGLITE_WORKER_SOURCE, {
            eval: true,
            workerData: { dataDir: this.#dataDir, modules: this.#modules },
          });
          conn.worker = worker;
          worker.on("message", (message: WorkerMessage) => {
            if ("type" in message) {
              if (message.type === "ready") {
                if (conn.pending.size === 0) worker.unref();
                resolve();
              } else {
                const error = toError(message.error);
                reject(error);
                this.#kill(conn, error);
              }
              return;
            }
            const entry = conn.pending.get(message.id);
            // Already answered: it timed out, or the connection was given up.
            if (!entry) return;
            this.#settled(conn, message.id, entry);
            if (message.error) entry.reject(toError(message.error));
            else entry.resolve(message.result);
          });
          // An answer that cannot be read: which request it was is unknown, so give up the connection.
          worker.on("messageerror", (error) => this.#kill(conn, workerDied(error)));
          worker.on("error", (error) => {
            const failure = workerDied(error);
            reject(failure);
            this.#kill(conn, failure);
          });
          worker.on("exit", () => {
            const failure = workerDied(undefined);
            reject(failure);
            this.#kill(conn, failure);
            conn.markExited();
          });
        }),
    );
    // Whoever waits on it reports its failure; never unhandled.
    conn.ready.catch(() => {});
    return conn;
  }

  #settled(conn: Connection, id: number, entry: Pending) {
    clearTimeout(entry.timer);
    conn.pending.delete(id);
    // An idle worker does not keep the process alive, as an in-process PGlite does not.
    if (conn.pending.size === 0) conn.worker?.unref();
  }

  /** Gives up a connection: everything waiting on it fails with `error`, the worker is terminated. */
  #kill(conn: Connection, error: Error, restart = false) {
    if (!conn.alive) return;
    conn.alive = false;
    if (this.#current === conn) this.#current = restart && !this.#closing ? this.#start() : undefined;
    for (const [id, entry] of conn.pending) {
      this.#settled(conn, id, entry);
      entry.reject(error);
    }
    if (conn.worker) void conn.worker.terminate();
  }

  async #connection(): Promise<Connection> {
    this.#current ??= this.#start();
    const conn = this.#current;
    await conn.ready;
    return conn;
  }

  #send(conn: Connection, request: Request, timeoutMs: number): Promise<unknown> {
    if (!conn.alive || !conn.worker) return Promise.reject(connectionLost());
    const worker = conn.worker;
    return new Promise((resolve, reject) => {
      const id = ++this.#sequence;
      const entry: Pending = { resolve, reject };
      if (timeoutMs > 0)
        entry.timer = setTimeout(() => {
          // Timers run before the loop reads the worker's messages: if this
          // thread was busy past the deadline, the answer may be waiting
          // already. Judge after the messages have been read.
          setImmediate(() => {
            if (conn.pending.get(id) !== entry) return;
            this.#settled(conn, id, entry);
            entry.reject(statementTimeout());
            // The only way to stop a WebAssembly statement is to stop its thread.
            this.#kill(conn, restarted(), true);
          });
        }, timeoutMs);
      conn.pending.set(id, entry);
      worker.ref();
      try {
        worker.postMessage({ id, ...request });
      } catch (error) {
        // A parameter that cannot be copied to the worker (a function, a symbol).
        this.#settled(conn, id, entry);
        reject(error);
      }
    });
  }

  #assertOpen() {
    if (this.#closing) throw closedError();
  }

  // async, so that a bad call rejects instead of throwing; the body up to the
  // mutex runs at once, so calls keep their order.
  async query<T>(
    sql: string,
    params: unknown[] | undefined,
    options: QueryOptions | undefined,
    timeoutMs: number,
  ) {
    this.#assertOpen();
    const request = queryRequest(sql, params, options);
    return this.#mutex.run(
      async () => (await this.#send(await this.#connection(), request, timeoutMs)) as Results<T>,
    );
  }

  async exec(sql: string, timeoutMs: number) {
    this.#assertOpen();
    return this.#mutex.run(
      async () => (await this.#send(await this.#connection(), { op: "exec", sql }, timeoutMs)) as Results[],
    );
  }

  async transaction<T>(callback: (tx: PgliteWorkerTransaction) => Promise<T>, timeoutMs: number): Promise<T> {
    this.#assertOpen();
    return this.#mutex.run(async () => {
      const conn = await this.#connection();
      // Bound to this worker: if it is restarted meanwhile (a statement timed
      // out), the transaction is gone, and what follows must not run outside it.
      const exec = async (sql: string) =>
        (await this.#send(conn, { op: "exec", sql }, timeoutMs)) as Results[];
      await exec("BEGIN");
      let closed = false;
      const checkClosed = () => {
        if (closed) throw new Error("Transaction is closed");
      };
      const tx: PgliteWorkerTransaction = {
        query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
          checkClosed();
          return (await this.#send(conn, queryRequest(sql, params, options), timeoutMs)) as Results<R>;
        },
        exec: async (sql: string) => {
          checkClosed();
          return exec(sql);
        },
        rollback: async () => {
          checkClosed();
          await exec("ROLLBACK");
          closed = true;
        },
        get closed() {
          return closed;
        },
      };
      try {
        const result = await callback(tx);
        if (!closed) {
          closed = true;
          const [answer] = await exec("COMMIT");
          if (answer?.command === "ROLLBACK")
            throw sqlError("25P02", "Transaction was rolled back instead of committed");
        }
        return result;
      } catch (error) {
        if (!closed) {
          closed = true;
          if (conn.alive) {
            try {
              await exec("ROLLBACK");
            } catch {
              // The connection may still be inside the transaction: never lend it out like that.
              this.#kill(conn, connectionLost(), true);
            }
          }
        }
        throw error;
      }
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#mutex.run(async () => {
      // Behind everything queued before close(), as PGlite's own close().
      const conn = this.#current;
      if (conn?.alive) {
        try {
          await conn.ready;
          await this.#send(conn, { op: "close" }, 0);
        } catch {
          // A worker that cannot close cleanly is stopped; the WAL has what was committed.
        }
        this.#kill(conn, closedError());
      }
      await this.#lastExit;
    });
    return this.#closing;
  }
}

function queryRequest(sql: string, params: unknown[] = [], options: QueryOptions = {}): Request {
  const { rowMode, parsers, paramTypes, ...rest } = options;
  const unsupported = Object.keys(rest).filter((key) => rest[key as keyof typeof rest] !== undefined);
  if (unsupported.length > 0)
    throw new Error(
      `the embedded database worker does not support the query options ${unsupported.join(", ")}`,
    );
  return {
    op: "query",
    sql,
    params,
    rowMode,
    // drizzle's parsers keep these types as text; see pglite-worker-source.ts.
    rawTypes: Object.keys(parsers ?? {}).map(Number),
    paramTypes,
  };
}

function facade(core: PgliteWorkerCore, timeoutMs: number): PgliteWorkerClient {
  return {
    get closed() {
      return core.closed;
    },
    query: (sql, params, options) => core.query(sql, params, options, timeoutMs),
    exec: (sql) => core.exec(sql, timeoutMs),
    transaction: (callback) => core.transaction(callback, timeoutMs),
    withStatementTimeout: (ms) => facade(core, ms),
    close: () => core.close(),
  };
}

/** Opens the PGlite database in `dataDir` in a worker thread; see the top of this file. */
export function createPgliteWorker(options: PgliteWorkerOptions): PgliteWorkerClient {
  return facade(new PgliteWorkerCore(options.dataDir), options.statementTimeoutMs);
}
