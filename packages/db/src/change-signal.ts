// Who is told that an owner's feed has new changes. On PostgreSQL every API
// process LISTENs on one dedicated connection (NOTIFY is sent at commit by
// appendToChangeFeed), so a change made through any process reaches the
// streams of all of them. The embedded database has one process: an
// in-process emitter, told by runOwnerWrite after commit.
import { EventEmitter } from "node:events";
import pg from "pg";
import { CHANGES_CHANNEL } from "./change-feed";

/** `ownerId`: that owner's feed grew. `gap`: notices may have been lost (a reconnect): every stream re-reads. */
export type ChangeSignalEvent = { ownerId: string } | { gap: true };

export interface ChangeSignal {
  /** After a commit that appended changes for `ownerId`. */
  published(ownerId: string): void;
  subscribe(listener: (event: ChangeSignalEvent) => void): () => void;
  close(): Promise<void>;
}

export function createLocalChangeSignal(): ChangeSignal {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    published: (ownerId) => emitter.emit("change", { ownerId }),
    subscribe(listener) {
      emitter.on("change", listener);
      return () => emitter.off("change", listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

/**
 * LISTEN needs a session of its own that stays open: a direct connection, not
 * one through a transaction-mode pooler (PgBouncer, Neon's "-pooler" host),
 * which would hand the session to someone else between statements.
 */
export function createPostgresChangeSignal(
  connectionString: string,
  options: { connectTimeoutMs: number; retryMs?: { min: number; max: number } },
): ChangeSignal {
  const emitter = new EventEmitter().setMaxListeners(0);
  const retry = options.retryMs ?? { min: 250, max: 5_000 };
  let client: pg.Client | undefined;
  let started = false;
  let closed = false;
  let delay = retry.min;
  let timer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({
      connectionString,
      connectionTimeoutMillis: options.connectTimeoutMs,
      keepAlive: true,
    });
    client = next;
    const lost = () => {
      if (client !== next) return;
      client = undefined;
      next.end().catch(() => {});
      schedule();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload)
        emitter.emit("change", { ownerId: message.payload });
    });
    try {
      await next.connect();
      await next.query(`listen ${CHANGES_CHANNEL}`);
      delay = retry.min;
      // Whatever was committed while no one listened is in the table: every stream re-reads.
      emitter.emit("change", { gap: true });
    } catch {
      lost();
    }
  }

  function schedule() {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, retry.max);
  }

  return {
    // NOTIFY at commit reaches this process's own LISTEN too.
    published: () => {},
    subscribe(listener) {
      emitter.on("change", listener);
      if (!started) {
        started = true;
        void connect();
      }
      return () => emitter.off("change", listener);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      emitter.removeAllListeners();
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
