// Lets a caller wrap code it does not own in one transaction. Repositories
// built on `scope.db` run their queries in the transaction `scope.run` has
// open in the current async context, and on the plain database everywhere
// else. The idempotency middleware uses it so that a task and the stored
// response to its creation are committed together, without the task routes
// knowing anything about it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Database, DbHandle } from "./client";

export interface TransactionScope {
  /** The open transaction inside `run`, the database outside it. */
  db: Database;
  /** Runs `fn` in one transaction: everything it (and code it calls) does through `db` commits or rolls back together. */
  run<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
}

export function createTransactionScope(handle: Pick<DbHandle, "db" | "transaction">): TransactionScope {
  const active = new AsyncLocalStorage<Database>();
  const db = new Proxy(handle.db, {
    get(base, property) {
      const target = active.getStore() ?? base;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    db,
    run(fn) {
      const open = active.getStore();
      // Nested: join the outer transaction, which decides for both.
      if (open) return fn(open);
      return handle.transaction((tx) => active.run(tx, () => fn(tx)));
    },
  };
}
